package dev.symbia.logging;

import dev.symbia.logging.Api.Principal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Base of the feature tests: the whole service over real HTTP on a real PostgreSQL. All test classes
 * share one application context (and so one database); each test works in orgs and services of its
 * own, which org isolation then keeps apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LoggingIntegrationTest {

    @LocalServerPort
    protected int port;

    protected Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    protected static UUID newOrg() {
        return UUID.randomUUID();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a stream in the principal's org and returns its id. */
    protected UUID stream(Principal owner, String name, Integer retentionDays) {
        Api.Response created = api.post("/api/logs/streams", owner, Api.obj("name", name, "retentionDays", retentionDays));
        if (created.status() != 201 && created.status() != 200) {
            throw new AssertionError("stream not created: " + created.status() + " " + created.body());
        }
        return UUID.fromString(created.json().path("id").asString());
    }

    protected void ingest(Principal owner, UUID stream, List<?> entries) {
        Api.Response response = api.post("/api/logs/ingest", owner, Api.obj("streamId", stream, "entries", entries));
        if (response.status() != 200) {
            throw new AssertionError("ingest failed: " + response.status() + " " + response.body());
        }
    }

    protected JsonNode queryLogs(Principal reader, Object query) {
        Api.Response response = api.post("/api/logs/query", reader, query);
        if (response.status() != 200) {
            throw new AssertionError("query failed: " + response.status() + " " + response.body());
        }
        return response.json();
    }
}
