package dev.symbia.gateway.ratelimit;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.gateway.support.Upstreams;
import dev.symbia.test.auth.TestIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Buckets of three that practically never refill, every request from the same address: a user with a
 * verified token has a bucket of their own, and a forged token naming that user draws from the
 * address's bucket, never theirs. Identity is libs/test's TestIdentity (symbia.auth.identity-url).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "GATEWAY_RATE_LIMIT_CAPACITY=3",
        "GATEWAY_RATE_LIMIT_REFILL_PER_SECOND=0.001",
        "symbia.gateway.health.cache-ttl=0s"
})
class PrincipalRateLimitTests {

    private static final Upstreams UPSTREAMS = Upstreams.startAll();
    private static final TestIdentity IDENTITY = TestIdentity.shared();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @Test
    void verifiedPrincipalsHaveTheirOwnBucketsAndForgeriesDoNot() throws Exception {
        String alice = IDENTITY.user("rl-alice").member("orgA", "member").token();
        String bob = IDENTITY.user("rl-bob").member("orgA", "member").token();

        List<Integer> aliceStatuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            aliceStatuses.add(send("Bearer " + alice).statusCode());
        }
        assertThat(aliceStatuses).containsOnly(200);
        assertProblem(send("Bearer " + alice), 429, "rate-limited");
        // A fresh token of the same user is the same principal: no new bucket by logging in again.
        assertProblem(send("Bearer " + IDENTITY.user("rl-alice").member("orgA", "member").token()), 429, "rate-limited");

        assertThat(send("Bearer " + bob).statusCode()).as("bob, same address, own bucket").isEqualTo(200);

        // Forged tokens naming bob are keyed by the address: they use its bucket up, not bob's.
        String forgedBob = IDENTITY.user("rl-bob").tokenSignedWithWrongKey();
        List<Integer> forgedStatuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            forgedStatuses.add(send("Bearer " + forgedBob).statusCode());
        }
        assertThat(forgedStatuses).containsOnly(200);
        assertProblem(send("Bearer " + TestIdentity.tamper(bob)), 429, "rate-limited");
        assertProblem(send(null), 429, "rate-limited");
        assertThat(send("Bearer " + bob).statusCode()).as("bob's own bucket untouched by the forgeries").isEqualTo(200);
    }

    private HttpResponse<String> send(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/catalog/resources")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
