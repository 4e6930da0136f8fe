package dev.symbia.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity's public keys from its JWKS, the one JWK source of the platform (every service and the
 * gateway), built with Nimbus's {@link JWKSourceBuilder}: fetched on first use (so a service starts
 * without identity being up) and cached for {@code maxAge}, refreshed ahead of expiry in the background
 * while tokens keep arriving, fetched again for a {@code kid} we do not know (a rotation) but at most
 * twice per {@code minRefreshInterval} (Nimbus's rate limit, so invented kids cannot turn into a stream
 * of requests to identity), and while identity cannot answer the last keys it published keep serving
 * (outage tolerance). A key withdrawn from the JWKS disappears with the next successful fetch.
 *
 * <p>The JWK set source is asked directly (rather than through {@code JWKSetBasedJWKSource}) so that time
 * comes from our {@link Clock}, and so that a lookup that has just fetched does not fetch again because
 * the kid is missing from the fresh set.
 */
public final class RemoteJwks implements VerificationKeys {

    private static final Logger log = LoggerFactory.getLogger(RemoteJwks.class);
    /** Ample for a handful of EC keys; a bigger answer is not identity's JWKS. */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    private static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);
    /** While identity cannot answer, its last keys serve for six times their usual age (an hour by default). */
    private static final int OUTAGE_TOLERANCE_FACTOR = 6;

    /**
     * Runs the background refreshes of every instance, one at a time, on a daemon thread that ends when
     * idle (Nimbus's default would be a non-daemon thread per instance, kept for ever).
     */
    private static final ExecutorService REFRESHES = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name("jwks-refresh-", 0).factory());

    private final JWKSetSource<SecurityContext> source;
    private final String url;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Fetched last;

    /** Fetches over the service's OkHttp client (its timeouts). */
    public RemoteJwks(OkHttpClient http, String url, Duration minRefreshInterval, Duration maxAge, Clock clock) {
        this(new OkHttpResourceRetriever(http, MAX_DOCUMENT_BYTES), url, minRefreshInterval, maxAge, clock);
    }

    /**
     * Fetches with Nimbus's JDK retriever, bounded by {@code timeout}: for callers without OkHttp (the
     * gateway). A factory, not a constructor, so that compiling the call needs no OkHttp on the classpath.
     */
    public static RemoteJwks overJdkHttp(String url, Duration timeout, Duration minRefreshInterval, Duration maxAge,
            Clock clock) {
        return new RemoteJwks(new DefaultResourceRetriever((int) timeout.toMillis(), (int) timeout.toMillis(),
                MAX_DOCUMENT_BYTES), url, minRefreshInterval, maxAge, clock);
    }

    RemoteJwks(ResourceRetriever retriever, String url, Duration minRefreshInterval, Duration maxAge, Clock clock) {
        this.url = url;
        this.maxAge = maxAge;
        this.clock = clock;
        JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(toUrl(url), retriever)
                .retrying(false)
                .cache(maxAge.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .outageTolerant(maxAge.multipliedBy(OUTAGE_TOLERANCE_FACTOR).toMillis());
        if (maxAge.compareTo(REFRESH_AHEAD.multipliedBy(2)) > 0) {
            builder.refreshAheadCache(REFRESH_AHEAD.toMillis(), null, REFRESHES, false, null, false);
        }
        builder = minRefreshInterval.isPositive() ? builder.rateLimited(minRefreshInterval.toMillis()) : builder.rateLimited(false);
        this.source = ((JWKSetBasedJWKSource<SecurityContext>) builder.build()).getJWKSetSource();
    }

    @Override
    public Optional<JWK> find(String kid) {
        long now = clock.millis();
        try {
            JWKSet set = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, null);
            boolean fetched = remember(set, now);
            JWK key = set.getKeyByKeyId(kid);
            if (key == null && !fetched) {
                // Unknown kid in keys fetched earlier: perhaps a rotation (the rate limit keeps this cheap).
                set = source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(set), now, null);
                remember(set, now);
                key = set.getKeyByKeyId(kid);
            }
            return Optional.ofNullable(key).filter(jwk -> !jwk.isPrivate());
        } catch (RateLimitReachedException e) {
            return Optional.empty(); // an unknown kid while fetches are paced: unknown it stays for now
        } catch (KeySourceException | RuntimeException e) {
            log.warn("JWKS from {} unavailable: {}", url, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Whether {@link #find} would answer this kid from memory, without a fetch: it is in the keys last
     * fetched and those are younger than {@code maxAge}. Lets a non-blocking caller (the gateway) verify
     * on its event loop and move only the rare lookup that may fetch to a thread that can block.
     */
    public boolean isCached(String kid) {
        Fetched current = last;
        return current != null && clock.millis() < current.at() + maxAge.toMillis()
                && current.keys().getKeyByKeyId(kid) != null;
    }

    /** Records a set the source handed out; true when it is not the one seen before (so: just fetched). */
    private boolean remember(JWKSet set, long now) {
        Fetched current = last;
        if (current != null && current.keys() == set) {
            return false;
        }
        last = new Fetched(set, now);
        log.debug("Loaded {} key(s) from {}", set.getKeys().size(), url);
        return true;
    }

    private static URL toUrl(String url) {
        try {
            return URI.create(url).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a JWKS URL: " + url, e);
        }
    }

    private record Fetched(JWKSet keys, long at) {
    }
}
