package dev.symbia.relay.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayCredentials;
import dev.symbia.test.auth.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP fallback endpoint every relay-using service exposes, over real HTTP, behind libs/auth's
 * security chain exactly as in a service (no yml: the relay admits the network itself).
 */
@SpringBootTest(classes = RelayDeliveryEndpointTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=assistants", "NETWORK_HASH_SECRET=" + RelayDeliveryEndpointTests.SECRET,
                "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}",
                "NETWORK_SERVICE_URL=http://localhost:9", "symbia.relay.reconnect-initial-delay=10s",
                "symbia.relay.reconnect-max-delay=30s"})
class RelayDeliveryEndpointTests {

    static final String SECRET = "delivery-endpoint-secret-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @SpringBootApplication
    static class App {
    }

    @LocalServerPort
    int port;

    @Autowired
    RelayClient relay;

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final EnvelopeSigner signer = new EnvelopeSigner(SECRET.getBytes(StandardCharsets.UTF_8), codec);

    private Envelope envelope(String id, Instant at) {
        return new Envelope(id, "message.new", "messaging", "assistants", "run-1", null, Boundary.INTRA,
                EnvelopeCodec.timestamp(at), codec.toData(Map.of("text", "hello")), null);
    }

    @Autowired
    RelayCredentials credentials;

    private final TestIdentity identity = TestIdentity.shared();

    /** As the network delivers: with its service token. */
    private HttpResponse<String> post(String body) throws Exception {
        return post(body, identity.service("network").token());
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/internal/network/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void onlyTheNetworksServiceTokenMayDeliver() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        relay.subscribe("audit.*", JsonNode.class, event -> received.add(event.envelope().id()));
        String body = codec.write(signer.sign(new Envelope("evt-auth-1", "audit.entry", "messaging", "assistants", "run-1",
                null, Boundary.INTRA, EnvelopeCodec.timestamp(Instant.now()), codec.toData(Map.of()), null)));

        HttpResponse<String> anonymous = post(body, null);
        assertProblem(anonymous, 401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertProblem(post(body, identity.service("network").tamperedToken()), 401);
        assertProblem(post(body, identity.service("network").tokenSignedWithWrongKey()), 401);
        // Another service, a super admin, a user: none of them is the network.
        assertProblem(post(body, identity.service("messaging").token()), 403);
        assertProblem(post(body, identity.superAdmin("root").token()), 403);
        assertProblem(post(body, identity.user("u1").member("org-1", "admin").token()), 403);
        assertThat(received).isEmpty();

        assertThat(post(body).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.equals(List.of("evt-auth-1")));
    }

    @Test
    void theRelayConnectsWithThisServicesServiceToken() throws Exception {
        String authorization = credentials.headers().get("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        JWTClaimsSet claims = SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("assistants");
        assertThat(claims.getStringClaim("typ")).isEqualTo("service");
    }

    @Test
    void acceptsSignedEventsOnceAndRefusesForgedStaleOrMalformedOnes() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        relay.subscribe("message.*", JsonNode.class, event -> received.add(event.data().get("text").stringValue()));

        Envelope good = signer.sign(envelope("evt-http-1", Instant.now()));
        HttpResponse<String> accepted = post(codec.write(good));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"duplicate\":false");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

        HttpResponse<String> again = post(codec.write(good));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).contains("\"duplicate\":true");

        Envelope forged = good.withData(codec.toData(Map.of("text", "evil"))).withSignature(good.signature());
        HttpResponse<String> refused = post(codec.write(forged));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"reason\":\"bad-signature\"").doesNotContain(SECRET);

        HttpResponse<String> stale = post(codec.write(signer.sign(envelope("evt-http-2", Instant.now().minus(Duration.ofHours(2))))));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(stale.body()).contains("\"reason\":\"outside-window\"");

        HttpResponse<String> malformed = post("{\"id\":1}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"reason\":\"malformed\"");

        assertThat(received).containsExactly("hello");
    }
}
