package dev.symbia.gateway.ratelimit;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this process's memory: right for one gateway replica. Memory is bounded: buckets
 * that have refilled completely are swept periodically, and if {@code maxClients} is still exceeded
 * (a flood from many addresses) the least recently used buckets are dropped, which at worst hands
 * those clients a fresh burst.
 */
class InMemoryRateLimiter implements RateLimiter {

    private final long capacity;
    private final double refillPerSecond;
    private final int maxClients;
    private final LongSupplier nanoClock;
    private final long sweepIntervalNanos;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    InMemoryRateLimiter(long capacity, double refillPerSecond, int maxClients, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.maxClients = maxClients;
        this.nanoClock = nanoClock;
        // A bucket left alone this long is full again; sweeping more often would find nothing new.
        this.sweepIntervalNanos = Math.max(1_000_000_000L, (long) (capacity / refillPerSecond * 1e9));
        this.lastSweep = new AtomicLong(nanoClock.getAsLong());
    }

    @Override
    public Mono<RateLimitDecision> tryAcquire(String key) {
        return Mono.fromSupplier(() -> acquire(key));
    }

    RateLimitDecision acquire(String key) {
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        RateLimitDecision[] decision = new RateLimitDecision[1];
        buckets.compute(key, (k, bucket) -> {
            TokenBucket current = bucket == null
                    ? TokenBucket.full(capacity, now)
                    : bucket.refilled(now, capacity, refillPerSecond);
            if (current.canTake()) {
                TokenBucket after = current.take();
                decision[0] = RateLimitDecision.allow((long) Math.floor(after.tokens()));
                return after;
            }
            decision[0] = RateLimitDecision.deny(current.timeUntilToken(refillPerSecond));
            return current;
        });
        if (buckets.size() > maxClients) {
            shrink(now);
        }
        return decision[0];
    }

    int trackedClients() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= sweepIntervalNanos && lastSweep.compareAndSet(last, now)) {
            sweepIdle(now);
        }
    }

    private void sweepIdle(long now) {
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, bucket) ->
                    bucket.refilled(now, capacity, refillPerSecond).isFull(capacity) ? null : bucket);
        }
    }

    private synchronized void shrink(long now) {
        if (buckets.size() <= maxClients) {
            return;
        }
        sweepIdle(now);
        // Trim below the cap so a sustained flood does not pay for a sort on every request.
        int target = maxClients - Math.max(1, maxClients / 10);
        int excess = buckets.size() - target;
        if (excess > 0) {
            buckets.entrySet().stream()
                    .sorted(Comparator.comparingLong(entry -> entry.getValue().updatedNanos()))
                    .limit(excess)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(buckets::remove);
        }
    }
}
