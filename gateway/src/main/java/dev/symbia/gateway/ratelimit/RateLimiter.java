package dev.symbia.gateway.ratelimit;

import reactor.core.publisher.Mono;

/**
 * Token-bucket admission per key (a client address today, a principal once identity is wired in).
 * Reactive so that an implementation backed by a shared store (PostgreSQL, Redis) can serve several
 * gateway replicas without blocking the event loop; {@link InMemoryRateLimiter} serves a single one.
 */
public interface RateLimiter {

    /** Takes one permit from the key's bucket, or says how long until one is available. */
    Mono<RateLimitDecision> tryAcquire(String key);
}
