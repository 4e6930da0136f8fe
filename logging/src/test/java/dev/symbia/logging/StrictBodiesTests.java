package dev.symbia.logging;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.logging.Api.Principal;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every JSON body logging takes is read strictly (libs/web RequestBodies): a field it does not know,
 * at the top or inside an entry, is a 400 {@code validation} problem naming it, and nothing is stored.
 */
class StrictBodiesTests extends LoggingIntegrationTest {

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("POST", "/api/logs/streams", obj("name", "s", "bogus", 1), "bogus"),
                Arguments.of("PATCH", "/api/logs/streams/STREAM", obj("description", "d", "bogus", 1), "bogus"),
                Arguments.of("POST", "/api/logs/ingest", obj("streamId", "STREAM", "entries",
                        List.of(obj("message", "m", "levle", "warn"))), "entries[0].levle"),
                Arguments.of("POST", "/api/logs/query", obj("limit", 10, "bogus", 1), "bogus"),
                Arguments.of("POST", "/api/metrics", obj("name", "m", "type", "counter", "bogus", 1), "bogus"),
                Arguments.of("POST", "/api/metrics/ingest", obj("name", "m", "dataPoints",
                        List.of(obj("value", 1.5, "bogus", 1))), "dataPoints[0].bogus"),
                Arguments.of("POST", "/api/metrics/query", obj("bogus", 1), "bogus"),
                Arguments.of("POST", "/api/traces/ingest", obj("spans", List.of(obj("traceId", "0af7651916cd43dd8448eb211c80319c",
                        "spanId", "b7ad6b7169203331", "name", "s", "bogus", 1))), "spans[0].bogus"),
                Arguments.of("POST", "/api/traces/query", obj("bogus", 1), "bogus"),
                Arguments.of("POST", "/api/assistant/summarize", obj("bogus", 1), "bogus"),
                Arguments.of("POST", "/api/assistant/group", obj("bogus", 1), "bogus"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodies")
    void anUnknownFieldIsA400NamingIt(String method, String path, Object body, String field) {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, unique("strict"), null);
        Object sent = Api.JSON.readTree(Api.JSON.writeValueAsString(body).replace("\"STREAM\"", "\"" + stream + "\""));
        String target = path.replace("STREAM", stream.toString());
        Api.Response response = method.equals("PATCH") ? api.patch(target, alice, sent) : api.post(target, alice, sent);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.path("code").asString()).isEqualTo("validation");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
        assertThat(queryLogs(alice, obj("limit", 10)).path("data").size()).as("nothing stored").isZero();
    }
}
