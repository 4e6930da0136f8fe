package dev.symbia.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.test.MutableClock;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

class PrincipalKeyResolverTests {

    private static final String ADDRESS_KEY = "ip:203.0.113.7";

    private final MutableClock clock = new MutableClock(Instant.now());
    private final TestIdentity identity = TestIdentity.create(clock);
    private final GatewayJwks jwks = new GatewayJwks(HttpClient.create(), identity.jwksUrl(), Duration.ofSeconds(3),
            Duration.ofSeconds(10), Duration.ofMinutes(10), clock);
    private final PrincipalKeyResolver resolver = new PrincipalKeyResolver(jwks,
            new AccessTokenVerifier(jwks, TestIdentity.ISSUER, Duration.ofSeconds(30), clock), "token",
            exchange -> Mono.just(ADDRESS_KEY));

    @AfterEach
    void stop() {
        identity.close();
    }

    private String key(UnaryOperator<MockServerHttpRequest.BaseBuilder<?>> request) {
        return resolver.resolve(MockServerWebExchange.from(request.apply(MockServerHttpRequest.get("/api/catalog/x"))))
                .block(Duration.ofSeconds(5));
    }

    private String keyForBearer(String token) {
        return key(r -> r.header("Authorization", "Bearer " + token));
    }

    @Test
    void aVerifiedAccessTokenIsKeyedByItsPrincipal() {
        TestPrincipal ada = identity.user("ada").member("orgA", "member").caps("cap:catalog.read");

        assertThat(keyForBearer(ada.token())).isEqualTo("principal:user:ada");
        assertThat(key(r -> r.cookie(new HttpCookie("token", ada.token()))))
                .as("the website's cookie").isEqualTo("principal:user:ada");
        assertThat(keyForBearer(identity.user("bob").token())).as("another user at the same address")
                .isEqualTo("principal:user:bob");
        assertThat(keyForBearer(identity.agent("a-1", "assistant:x", "orgA").token())).isEqualTo("principal:agent:a-1");
    }

    @Test
    void anythingThatDoesNotVerifyIsKeyedByAddress() {
        TestPrincipal ada = identity.user("ada").caps("cap:catalog.read");
        try (TestIdentity stranger = TestIdentity.create()) {
            assertThat(keyForBearer(ada.expiredToken())).as("expired").isEqualTo(ADDRESS_KEY);
            assertThat(keyForBearer(ada.tamperedToken())).as("tampered").isEqualTo(ADDRESS_KEY);
            assertThat(keyForBearer(ada.tokenSignedWithWrongKey())).as("forged under the right kid").isEqualTo(ADDRESS_KEY);
            assertThat(keyForBearer(stranger.user("ada").token())).as("another issuer's key").isEqualTo(ADDRESS_KEY);
            assertThat(keyForBearer("garbage")).isEqualTo(ADDRESS_KEY);
            assertThat(keyForBearer("sk_" + "a".repeat(64))).as("API keys are not verified here").isEqualTo(ADDRESS_KEY);
            assertThat(key(r -> r.header("X-API-Key", "sk_" + "a".repeat(64)).cookie(new HttpCookie("token", ada.token()))))
                    .as("an API key wins over the cookie, as in the services").isEqualTo(ADDRESS_KEY);
            assertThat(key(r -> r)).as("no credential").isEqualTo(ADDRESS_KEY);
        }
    }

    @Test
    void identityDownMeansAddressNotFailure() {
        identity.setAvailable(false);
        assertThat(keyForBearer(identity.user("ada").token())).isEqualTo(ADDRESS_KEY);
    }

    @Test
    void aCachedVerificationEndsWithTheTokensLifetime() {
        String token = identity.user("ada").token();
        assertThat(keyForBearer(token)).isEqualTo("principal:user:ada");
        assertThat(keyForBearer(token)).isEqualTo("principal:user:ada");

        clock.advance(Duration.ofMinutes(16));

        assertThat(keyForBearer(token)).as("expired since it was cached").isEqualTo(ADDRESS_KEY);
    }
}
