package dev.symbia.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.symbia.test.MutableClock;
import dev.symbia.test.auth.TestIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

class GatewayJwksTests {

    private static final String JWKS = "GET /.well-known/jwks.json";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final TestIdentity identity = TestIdentity.create();
    private final GatewayJwks jwks = new GatewayJwks(HttpClient.create(), identity.jwksUrl(), Duration.ofSeconds(3),
            Duration.ofSeconds(10), Duration.ofMinutes(10), clock);

    @AfterEach
    void stop() {
        identity.close();
    }

    private String kid() {
        return identity.signingKey().getKeyID();
    }

    @Test
    void fetchesLazilyOnceAndFindNeverFetches() {
        assertThat(jwks.find(kid())).as("find only reads memory").isEmpty();
        assertThat(identity.requestCount(JWKS)).as("nothing fetched yet").isZero();

        jwks.ready(kid()).block(Duration.ofSeconds(5));

        assertThat(jwks.find(kid())).hasValueSatisfying(key -> assertThat(key.isPrivate()).isFalse());
        jwks.ready(kid()).block(Duration.ofSeconds(5));
        assertThat(identity.requestCount(JWKS)).isEqualTo(1);
    }

    @Test
    void requestsWaitingForAnUnknownKeyShareOneFetch() {
        List<Mono<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(jwks.ready(kid()));
        }
        Mono.when(waiting).block(Duration.ofSeconds(5));
        assertThat(jwks.find(kid())).isPresent();
        assertThat(identity.requestCount(JWKS)).isEqualTo(1);
    }

    @Test
    void inventedKeyIdsDoNotHammerIdentity() {
        jwks.ready(kid()).block(Duration.ofSeconds(5));
        for (int i = 0; i < 20; i++) {
            jwks.ready("invented-" + i).block(Duration.ofSeconds(5));
        }
        assertThat(identity.requestCount(JWKS)).as("at most one fetch per refresh interval").isEqualTo(1);
    }

    @Test
    void aRotatedKeyIsFetchedOnceTheIntervalHasPassed() {
        jwks.ready(kid()).block(Duration.ofSeconds(5));
        ECKey rotated = identity.rotateKey();
        clock.advance(Duration.ofSeconds(11));

        jwks.ready(rotated.getKeyID()).block(Duration.ofSeconds(5));

        assertThat(jwks.find(rotated.getKeyID())).isPresent();
        assertThat(identity.requestCount(JWKS)).isEqualTo(2);
    }

    @Test
    void survivesIdentityBeingDownAndRecovers() {
        identity.setAvailable(false);
        jwks.ready(kid()).block(Duration.ofSeconds(5));
        assertThat(jwks.find(kid())).isEmpty();

        identity.setAvailable(true);
        clock.advance(Duration.ofSeconds(11));
        jwks.ready(kid()).block(Duration.ofSeconds(5));
        assertThat(jwks.find(kid())).isPresent();
    }

    @Test
    void staleKeysServeAtOnceAndAreRefreshedInTheBackground() throws Exception {
        String old = kid();
        jwks.ready(old).block(Duration.ofSeconds(5));
        identity.rotateKey();
        identity.retireKey(old);
        clock.advance(Duration.ofMinutes(11));

        jwks.ready(old).block(Duration.ofSeconds(5)); // completes without waiting for the refresh

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (jwks.find(old).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jwks.find(old)).as("retired key gone after the background refresh").isEmpty();
        assertThat(jwks.find(kid())).isPresent();
    }
}
