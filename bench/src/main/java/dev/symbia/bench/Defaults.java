package dev.symbia.bench;

import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.identity.config.IdentityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.OkHttpClient;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

/**
 * Settings exactly as the services bind them: the {@code @ConfigurationProperties} records with
 * their {@code @DefaultValue}s, overridable the same way (environment variables such as
 * {@code SYMBIA_IDENTITY_BCRYPT_COST}, or {@code -D} system properties).
 */
public final class Defaults {

    private Defaults() {
    }

    private static Binder binder() {
        return Binder.get(new StandardEnvironment());
    }

    /** {@code symbia.auth.*} as every service's libs/auth sees it. */
    public static SymbiaAuthProperties auth() {
        return binder().bindOrCreate("symbia.auth", SymbiaAuthProperties.class);
    }

    /** {@code symbia.identity.*} as the identity service sees it. */
    public static IdentityProperties identity() {
        return binder().bindOrCreate("symbia.identity", IdentityProperties.class);
    }

    /**
     * A clock stopped at the moment of setup: caches (JWKS, API keys) never expire during a run, so
     * a measurement can never include a refetch, and tokens minted at setup stay valid.
     */
    public static Clock frozenClock() {
        return Clock.fixed(Instant.now(), ZoneOffset.UTC);
    }

    /** The HTTP client libs/auth builds for identity calls (SymbiaAuthAutoConfiguration#symbiaAuthHttpClient). */
    public static OkHttpClient authHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10))
                .build();
    }
}
