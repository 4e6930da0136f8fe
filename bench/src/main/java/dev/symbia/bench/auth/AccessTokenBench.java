package dev.symbia.bench.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.RemoteJwks;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.auth.TokenClaims;
import dev.symbia.bench.Defaults;
import dev.symbia.test.auth.TestIdentity;
import java.text.ParseException;
import java.time.Clock;
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

/**
 * What every service spends to authenticate a request carrying an access token: libs/auth's
 * {@link AccessTokenVerifier} over {@link RemoteJwks} (the production wiring), with the JWKS
 * fetched once at setup from a loopback {@link TestIdentity} and then served from the cache — the
 * clock is frozen, so no measured call can refetch, and teardown fails the run if one did.
 * Baseline: parsing the same JWT (header, payload, claims) without verifying it.
 * {@code reference_prebuiltVerifier} isolates the ES256 signature check itself (Nimbus, with a
 * verifier built once), to show what the per-call key conversion in the verifier costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// ECDSA verification takes ~10 s of C2 work to settle (measured: 1.4 ms/op cold, 0.37 ms/op warm).
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccessTokenBench {

    private TestIdentity identity;
    private AccessTokenVerifier verifier;
    private ECDSAVerifier prebuilt;
    private String token;
    private long jwksFetches;

    @Setup
    public void setup() throws InvalidTokenException, JOSEException {
        identity = TestIdentity.create();
        token = identity.user("bench-user").member("bench-org", "admin").member("other-org", "viewer").token();
        SymbiaAuthProperties auth = Defaults.auth();
        Clock clock = Defaults.frozenClock();
        RemoteJwks keys = new RemoteJwks(Defaults.authHttpClient(), identity.url() + "/.well-known/jwks.json",
                auth.jwksMinRefreshInterval(), auth.jwksMaxAge(), clock);
        verifier = new AccessTokenVerifier(keys, auth.issuer(), auth.clockSkew(), clock);
        TokenClaims claims = verifier.verify(token); // the one JWKS fetch
        if (!"bench-user".equals(claims.subject())) {
            throw new IllegalStateException("unexpected subject " + claims.subject());
        }
        jwksFetches = identity.requestCount("GET /.well-known/jwks.json");
        if (jwksFetches != 1) {
            throw new IllegalStateException("expected exactly one JWKS fetch at setup, saw " + jwksFetches);
        }
        ECKey publicKey = identity.signingKey().toPublicJWK();
        prebuilt = new ECDSAVerifier(publicKey);
    }

    @TearDown
    public void tearDown() {
        long fetches = identity.requestCount("GET /.well-known/jwks.json");
        identity.close();
        if (fetches != jwksFetches) {
            throw new IllegalStateException("the JWKS was fetched during measurement (" + fetches + " fetches)");
        }
    }

    @Benchmark
    public TokenClaims verify() throws InvalidTokenException {
        return verifier.verify(token);
    }

    @Benchmark
    public JWTClaimsSet baseline_parseOnly() throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    @Benchmark
    public boolean reference_prebuiltVerifier() throws ParseException, JOSEException {
        return SignedJWT.parse(token).verify(prebuilt);
    }
}
