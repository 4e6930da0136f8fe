package dev.symbia.gateway.ratelimit;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.symbia.auth.VerificationKeys;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * Identity's public keys for the reactive gateway. libs/auth's {@code RemoteJwks} fetches with a
 * blocking call inside {@code find}; here {@link #find} only reads memory, and fetching is a
 * non-blocking reactor-netty call started by {@link #ready}: lazily (the gateway starts without
 * identity), again in the background once the keys are older than {@code maxAge}, and for an unknown
 * {@code kid} (a rotation) — at most once per {@code minRefreshInterval}, and one fetch at a time
 * however many requests are waiting, so invented kids cannot turn into a stream of calls to identity.
 */
final class GatewayJwks implements VerificationKeys {

    private static final Logger log = LoggerFactory.getLogger(GatewayJwks.class);
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private final HttpClient http;
    private final String url;
    private final Duration timeout;
    private final Duration minRefreshInterval;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Map<String, JWK> keys = Map.of();
    private volatile Instant fetchedAt;
    private Instant lastAttempt; // guarded by this
    private Mono<Void> inFlight; // guarded by this

    GatewayJwks(HttpClient http, String url, Duration timeout, Duration minRefreshInterval, Duration maxAge, Clock clock) {
        this.http = http;
        this.url = url;
        this.timeout = timeout;
        this.minRefreshInterval = minRefreshInterval;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Never blocks and never fetches: what the last successful fetch published. */
    @Override
    public Optional<JWK> find(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /**
     * Completes once a token signed under {@code kid} can be judged: at once for a known kid (stale
     * keys are refreshed in the background, the request does not wait), after the fetch in progress
     * or a new one for an unknown kid. Never fails: if identity cannot answer the keys stay as they are.
     */
    Mono<Void> ready(String kid) {
        Instant now = clock.instant();
        if (keys.containsKey(kid)) {
            Instant fetched = fetchedAt;
            if (fetched != null && now.isAfter(fetched.plus(maxAge))) {
                refresh(now);
            }
            return Mono.empty();
        }
        return refresh(now);
    }

    private synchronized Mono<Void> refresh(Instant now) {
        if (inFlight != null) {
            return inFlight;
        }
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefreshInterval))) {
            return Mono.empty(); // tried a moment ago: this kid stays unknown until the interval has passed
        }
        lastAttempt = now;
        Sinks.Empty<Void> done = Sinks.empty();
        Mono<Void> waiting = done.asMono();
        inFlight = waiting;
        // Subscribed here, not by the waiting requests, so a cancelled request never cancels the fetch.
        http.get().uri(url)
                .responseSingle((response, body) -> response.status().code() == 200
                        ? body.asByteArray()
                        : Mono.error(new IllegalStateException("answered " + response.status().code())))
                .timeout(timeout)
                .subscribe(document -> load(document, now), error -> finish(done, error), () -> finish(done, null));
        return waiting;
    }

    private void load(byte[] document, Instant now) {
        if (document.length > MAX_DOCUMENT_BYTES) {
            log.warn("JWKS from {} is implausibly large ({} bytes); ignored", url, document.length);
            return;
        }
        try {
            Map<String, JWK> fresh = new HashMap<>();
            for (JWK jwk : JWKSet.parse(new String(document, StandardCharsets.UTF_8)).getKeys()) {
                if (jwk.getKeyID() != null && !jwk.isPrivate()) {
                    fresh.put(jwk.getKeyID(), jwk);
                }
            }
            keys = Map.copyOf(fresh);
            fetchedAt = now;
            log.debug("Loaded {} key(s) from {}", fresh.size(), url);
        } catch (ParseException | RuntimeException e) {
            log.warn("JWKS from {} unreadable: {}", url, e.toString());
        }
    }

    private void finish(Sinks.Empty<Void> done, Throwable error) {
        if (error != null) {
            log.warn("JWKS fetch from {} failed: {}", url, error.toString());
        }
        synchronized (this) {
            inFlight = null;
        }
        done.tryEmitEmpty();
    }
}
