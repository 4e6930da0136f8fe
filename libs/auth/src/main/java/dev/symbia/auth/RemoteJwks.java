package dev.symbia.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity's public keys, fetched from its JWKS on first use (so a service starts without
 * identity being up), kept for {@code maxAge}, and fetched again when a token names a {@code kid}
 * we do not know (a rotation) — but not more often than {@code minRefreshInterval}, so a stream of
 * tokens with invented kids cannot turn into a stream of requests to identity.
 */
public final class RemoteJwks implements VerificationKeys {

    private static final Logger log = LoggerFactory.getLogger(RemoteJwks.class);

    private final OkHttpClient http;
    private final String url;
    private final Duration minRefreshInterval;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Map<String, JWK> keys = Map.of();
    private volatile Instant fetchedAt;
    private volatile Instant lastAttempt;

    public RemoteJwks(OkHttpClient http, String url, Duration minRefreshInterval, Duration maxAge, Clock clock) {
        this.http = http;
        this.url = url;
        this.minRefreshInterval = minRefreshInterval;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Optional<JWK> find(String kid) {
        Instant now = clock.instant();
        if (fetchedAt == null || now.isAfter(fetchedAt.plus(maxAge))) {
            refresh(now, false);
        }
        JWK key = keys.get(kid);
        if (key == null) {
            refresh(now, true);
            key = keys.get(kid);
        }
        return Optional.ofNullable(key);
    }

    private synchronized void refresh(Instant now, boolean unknownKid) {
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefreshInterval))) {
            return; // fetched a moment ago, possibly by another thread while we waited for the lock
        }
        lastAttempt = now;
        Request request = new Request.Builder().url(url).header("Accept", "application/json").get().build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                log.warn("JWKS fetch from {} answered {}", url, response.code());
                return;
            }
            Map<String, JWK> fresh = new ConcurrentHashMap<>();
            for (JWK jwk : JWKSet.parse(body.string()).getKeys()) {
                if (jwk.getKeyID() != null && !jwk.isPrivate()) {
                    fresh.put(jwk.getKeyID(), jwk);
                }
            }
            keys = Map.copyOf(fresh);
            fetchedAt = now;
            log.debug("Loaded {} key(s) from {}{}", fresh.size(), url, unknownKid ? " (unknown kid)" : "");
        } catch (IOException | ParseException | RuntimeException e) {
            log.warn("JWKS fetch from {} failed: {}", url, e.toString());
        }
    }
}
