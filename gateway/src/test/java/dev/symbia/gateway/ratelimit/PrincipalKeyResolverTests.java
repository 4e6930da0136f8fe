package dev.symbia.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.RemoteJwks;
import dev.symbia.test.MutableClock;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class PrincipalKeyResolverTests {

    private static final String ADDRESS_KEY = "ip:203.0.113.7";
    private static final String JWKS = "GET /.well-known/jwks.json";

    private final MutableClock clock = new MutableClock(Instant.now());
    private final TestIdentity identity = TestIdentity.create(clock);
    private final RemoteJwks jwks = RemoteJwks.overJdkHttp(identity.jwksUrl(), Duration.ofSeconds(3),
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

    private static MockServerWebExchange bearer(String token) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/catalog/x").header("Authorization", "Bearer " + token));
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
    void manyInventedHeadersNeitherBreakNorOutgrowTheKeyIdMemory() {
        TestPrincipal ada = identity.user("ada");
        String token = ada.token();
        String signedPart = token.substring(token.indexOf('.'));
        assertThat(keyForBearer(token)).isEqualTo("principal:user:ada");
        for (int i = 0; i < PrincipalKeyResolver.MAX_HEADERS * 3; i++) {
            String header = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("{\"alg\":\"ES256\",\"kid\":\"k" + i + "\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(keyForBearer(header + signedPart)).as("a header the signature does not cover").isEqualTo(ADDRESS_KEY);
        }
        assertThat(keyForBearer("x.y")).as("two parts").isEqualTo(ADDRESS_KEY);
        assertThat(keyForBearer("a.b.c.d")).as("four parts").isEqualTo(ADDRESS_KEY);
        assertThat(keyForBearer(".b.c")).as("no header").isEqualTo(ADDRESS_KEY);
        assertThat(keyForBearer(token)).as("the real header, decoded again after the memory was cleared")
                .isEqualTo("principal:user:ada");
    }

    @Test
    void identityDownMeansAddressNotFailure() {
        identity.setAvailable(false);
        assertThat(keyForBearer(identity.user("ada").token())).isEqualTo(ADDRESS_KEY);
    }

    @Test
    void keysAreFetchedOnceAndTheFetchNeverRunsOnTheCallersThread() {
        String token = identity.user("ada").token();
        assertThat(identity.requestCount(JWKS)).as("nothing fetched before the first token").isZero();
        String caller = Thread.currentThread().getName();
        String[] resolvedOn = new String[1];
        String key = resolver.resolve(bearer(token))
                .doOnNext(k -> resolvedOn[0] = Thread.currentThread().getName())
                .block(Duration.ofSeconds(5));

        assertThat(key).isEqualTo("principal:user:ada");
        assertThat(resolvedOn[0]).as("a lookup that may fetch runs where blocking is allowed").isNotEqualTo(caller);
        assertThat(keyForBearer(identity.user("bob").token())).isEqualTo("principal:user:bob");
        assertThat(identity.requestCount(JWKS)).isEqualTo(1);
    }

    @Test
    void requestsWaitingForAnUnknownKeyShareOneFetch() {
        List<Mono<String>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(resolver.resolve(bearer(identity.user("u" + i).token())));
        }
        List<String> keys = Flux.merge(waiting).collectList().block(Duration.ofSeconds(10));
        assertThat(keys).hasSize(20).allMatch(k -> k.startsWith("principal:user:u"));
        assertThat(identity.requestCount(JWKS)).isEqualTo(1);
    }

    @Test
    void aRotatedKeyIsFetchedOnceTheIntervalHasPassedAndAWithdrawnKeyStopsItsTokens() {
        String old = identity.user("ada").token();
        String oldKid = identity.signingKey().getKeyID();
        assertThat(keyForBearer(old)).isEqualTo("principal:user:ada");
        identity.rotateKey();
        identity.retireKey(oldKid);
        clock.advance(Duration.ofSeconds(11));

        assertThat(keyForBearer(identity.user("bob").token())).as("signed with the new key").isEqualTo("principal:user:bob");
        assertThat(keyForBearer(old)).as("its key withdrawn").isEqualTo(ADDRESS_KEY);
        // First use, the new kid, and one more look for the withdrawn kid: Nimbus lets two fetches through
        // per interval, after which unknown kids wait for the next one.
        assertThat(identity.requestCount(JWKS)).isEqualTo(3);
        assertThat(keyForBearer(old)).isEqualTo(ADDRESS_KEY);
        assertThat(identity.requestCount(JWKS)).isEqualTo(3);
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
