package dev.symbia.bench.auth;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.IntrospectionApiKeyVerifier;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.bench.Defaults;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.test.auth.TestIdentity;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API key on a service with a warm cache: libs/auth's {@link IntrospectionApiKeyVerifier}
 * (production wiring, TTL {@code symbia.auth.api-key-cache-ttl}) whose cache was primed by one real
 * introspection against a loopback {@link TestIdentity}; the clock is frozen, so every measured call
 * is a cache hit, and teardown fails the run if introspection was called again.
 * Baseline: one HMAC-SHA256 of the key ({@link Hashes#hmacSha256}, the hash identity itself looks
 * keys up by).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ApiKeyBench {

    private static final String INTROSPECT = "POST /api/auth/introspect";

    private TestIdentity identity;
    private IntrospectionApiKeyVerifier verifier;
    private String apiKey;
    private final byte[] hmacKey = new byte[32];
    private long introspections;

    @Setup
    public void setup() throws AuthUnavailableException {
        new SecureRandom().nextBytes(hmacKey);
        identity = TestIdentity.create();
        apiKey = identity.user("bench-user").member("bench-org", "admin").apiKey();
        verifier = new IntrospectionApiKeyVerifier(Defaults.authHttpClient(), identity.url() + "/api/auth/introspect",
                Defaults.auth().apiKeyCacheTtl(), Defaults.frozenClock(), JsonMapper.builder().build());
        SymbiaPrincipal principal = verifier.verify(apiKey)
                .orElseThrow(() -> new IllegalStateException("the test identity did not accept its own key"));
        if (!"bench-user".equals(principal.id())) {
            throw new IllegalStateException("unexpected principal " + principal.id());
        }
        introspections = identity.requestCount(INTROSPECT);
        if (introspections != 1) {
            throw new IllegalStateException("expected one introspection at setup, saw " + introspections);
        }
    }

    @TearDown
    public void tearDown() {
        long seen = identity.requestCount(INTROSPECT);
        identity.close();
        if (seen != introspections) {
            throw new IllegalStateException("introspection was called during measurement (" + seen + " calls)");
        }
    }

    @Benchmark
    public Optional<SymbiaPrincipal> verifyWarm() throws AuthUnavailableException {
        return verifier.verify(apiKey);
    }

    @Benchmark
    public String baseline_hmacSha256() {
        return Hashes.hmacSha256(hmacKey, apiKey);
    }
}
