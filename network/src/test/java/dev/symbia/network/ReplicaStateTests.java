package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.symbia.relay.RelayClient;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two network replicas on one database: whatever one stores, the other sees; a node connected to one
 * replica is reached from the other over HTTP; a watch stream on one sees events routed by the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaStateTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeAll
    void startTwoReplicas() {
        TestDatabase database = TestPostgres.freshDatabase();
        first = NetworkApps.start(database, 0);
        second = NetworkApps.start(database, 0);
    }

    @AfterAll
    void stop() {
        Stream.of(first, second).forEach(ConfigurableApplicationContext::close);
    }

    private HttpResponse<String> call(ConfigurableApplicationContext replica, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + NetworkApps.port(replica) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        NetworkTestSupport.admin().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    @Test
    void nodesContractsAndPoliciesWrittenOnOneReplicaAreSeenByTheOther() throws Exception {
        ok(call(first, "POST", "/api/registry/nodes", "{\"id\":\"shared-node\",\"type\":\"client\",\"capabilities\":[\"c1\"]}"), 201);
        JsonNode contract = ok(call(first, "POST", "/api/registry/contracts",
                "{\"from\":\"shared-node\",\"to\":\"*\",\"allowedEventTypes\":[\"shared.*\"],\"boundaries\":[\"inter\"]}"), 201);
        JsonNode policy = ok(call(first, "POST", "/api/policies",
                "{\"name\":\"shared policy\",\"priority\":5,\"conditions\":[{\"field\":\"source\",\"operator\":\"eq\",\"value\":\"nobody\"}],"
                        + "\"action\":{\"type\":\"log\",\"level\":\"info\"}}"), 201);

        assertThat(ok(call(second, "GET", "/api/registry/nodes/shared-node", null), 200).get("capabilities").get(0).stringValue())
                .isEqualTo("c1");
        assertThat(ok(call(second, "GET", "/api/registry/contracts?nodeId=shared-node", null), 200).get("contracts"))
                .extracting(c -> c.get("id").stringValue()).containsExactly(contract.get("id").stringValue());
        assertThat(ok(call(second, "GET", "/api/policies/" + policy.get("id").stringValue(), null), 200).get("name").stringValue())
                .isEqualTo("shared policy");

        ok(call(second, "PATCH", "/api/policies/" + policy.get("id").stringValue(), "{\"enabled\":false}"), 200);
        assertThat(ok(call(first, "GET", "/api/policies/" + policy.get("id").stringValue(), null), 200).get("enabled").booleanValue())
                .isFalse();
        ok(call(second, "DELETE", "/api/registry/contracts/" + contract.get("id").stringValue(), null), 204);
        assertThat(ok(call(first, "GET", "/api/registry/contracts?nodeId=shared-node", null), 200).get("count").intValue()).isZero();
    }

    @Test
    void aNodeConnectedToTheOtherReplicaIsReachedOverHttpAndWatchersEverywhereSeeIt() throws Exception {
        List<HttpServer> servers = new ArrayList<>();
        RelayClient sender = NetworkApps.relay("replica-sender", NetworkApps.port(first), null);
        RelayClient receiver = NetworkApps.relayWithEndpoint("replica-receiver", NetworkApps.port(second), servers);
        List<String> received = new CopyOnWriteArrayList<>();
        receiver.subscribe("*", JsonNode.class, event -> received.add(event.type()));
        List<String> watched = new CopyOnWriteArrayList<>();
        CompletableFuture<?> stream = null;
        try {
            sender.start();
            receiver.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> sender.isConnected() && receiver.isConnected());
            // Watch on the replica that will NOT route the event.
            stream = HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + NetworkApps.port(second)
                                    + "/api/sdn/watch?source=replica-sender")).header("Authorization", NetworkTestSupport.admin()
                            .get("Authorization")).build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body().forEach(watched::add));
            // The stream opens with a comment line: from then on the watcher is registered.
            await().atMost(Duration.ofSeconds(10)).until(() -> watched.stream().anyMatch(line -> line.startsWith(":watching")
                    || line.startsWith(": watching")));

            String id = sender.publish("cross.replica", Map.of("x", 1), "replica-receiver");

            await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("cross.replica"));
            // The routing replica writes the trace in a batch right after delivering; the other replica reads it once written.
            await().atMost(Duration.ofSeconds(10)).until(() -> call(second, "GET", "/api/events/" + id + "/trace", null).statusCode() == 200);
            JsonNode trace = ok(call(second, "GET", "/api/events/" + id + "/trace", null), 200);
            assertThat(trace.get("status").stringValue()).isEqualTo("delivered");
            assertThat(trace.get("path").get(0).get("via").stringValue()).isEqualTo("http");
            await().atMost(Duration.ofSeconds(20)).until(() -> watched.stream().anyMatch(line -> line.startsWith("data:") && line.contains(id)));
        } finally {
            if (stream != null) {
                stream.cancel(true);
            }
            sender.close();
            receiver.close();
            servers.forEach(server -> server.stop(0));
        }
    }
}
