package dev.symbia.logging.analysis;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AnalysisApiTests extends LoggingIntegrationTest {

    @Test
    void groupsAndSummarisesDeterministically() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "app", null);
        ingest(alice, stream, List.of(
                obj("message", "Connection to 10.0.0.5:5432 failed after 3000 ms", "level", "error", "service", "db"),
                obj("message", "Connection to 10.0.0.6:5432 failed after 2500 ms", "level", "error", "service", "db"),
                obj("message", "Connection to 10.0.0.7:5432 failed after 10 ms", "level", "error", "service", "api"),
                obj("message", "User 7f3a9b2c1d4e5f60 logged in at 2026-01-01T10:00:00Z", "level", "info", "service", "web"),
                obj("message", "User 00aa11bb22cc33dd logged in at 2026-01-02T11:30:00Z", "level", "info", "service", "web"),
                obj("message", "Disk 91% full", "level", "warn", "service", "web")));

        Api.Response grouped = api.post("/api/assistant/group", alice, obj());
        assertThat(grouped.status()).as(grouped.body()).isEqualTo(200);
        JsonNode groups = grouped.json().path("groups");
        assertThat(groups.size()).isEqualTo(2);
        assertThat(groups.get(0).path("pattern").asString()).isEqualTo("Connection to [IP] failed after [N] ms");
        assertThat(groups.get(0).path("count").asInt()).isEqualTo(3);
        assertThat(groups.get(0).path("logIds").size()).isEqualTo(3);
        assertThat(groups.get(0).path("services").toString()).contains("api", "db");
        assertThat(groups.get(1).path("pattern").asString()).isEqualTo("User [ID] logged in at [TIMESTAMP]");
        assertThat(groups.get(1).path("count").asInt()).isEqualTo(2);

        Api.Response summary = api.post("/api/assistant/summarize", alice, obj());
        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        JsonNode s = summary.json();
        assertThat(s.path("errorCount").asInt()).isEqualTo(3);
        assertThat(s.path("warnCount").asInt()).isEqualTo(1);
        assertThat(s.path("total").asInt()).isEqualTo(6);
        assertThat(s.path("byService").path("db").asInt()).isEqualTo(2);
        assertThat(s.path("byService").path("web").asInt()).isEqualTo(3);
        assertThat(s.path("byLevel").path("info").asInt()).isEqualTo(2);
        assertThat(s.path("source").asString()).isEqualTo("local");
        JsonNode first = s.path("insights").get(0);
        assertThat(first.path("category").asString()).isEqualTo("error");
        assertThat(first.path("severity").asString()).isEqualTo("critical");   // half of the entries are errors
        assertThat(first.path("searchHint").asString()).isEqualTo("Connection to");
        assertThat(s.path("summary").asString()).contains("6 log entries", "3 errors", "1 warning",
                "Connection to [IP] failed after [N] ms");
        assertThat(s.path("insights").size()).isLessThanOrEqualTo(5);
        // Same logs, same answer.
        assertThat(api.post("/api/assistant/summarize", alice, obj()).body()).isEqualTo(summary.body());

        // Selected by ids: only those.
        List<String> ids = Api.texts(groups.get(1).path("logIds"), "x");
        JsonNode byIds = api.post("/api/assistant/summarize", alice, obj("logIds", groups.get(1).path("logIds"))).json();
        assertThat(byIds.path("total").asInt()).isEqualTo(2);
        assertThat(ids).hasSize(2);
    }

    @Test
    void analysesOnlyWhatTheReaderMaySee() {
        Principal alice = Principal.user(newOrg());
        Principal bob = Principal.user(newOrg());
        UUID stream = stream(alice, "private", null);
        ingest(alice, stream, List.of(obj("message", "secret failure 1", "level", "error"),
                obj("message", "secret failure 2", "level", "error")));
        JsonNode aliceGroups = api.post("/api/assistant/group", alice, obj()).json().path("groups");
        assertThat(api.post("/api/assistant/summarize", bob, obj()).json().path("total").asInt()).isZero();
        JsonNode stolen = api.post("/api/assistant/summarize", bob, obj("logIds", aliceGroups.get(0).path("logIds"))).json();
        assertThat(stolen.path("total").asInt()).isZero();
        assertThat(stolen.toString()).doesNotContain("secret");
    }

    @Test
    void badInputIsAProblem() {
        Principal alice = Principal.user(newOrg());
        for (Api.Response response : List.of(
                api.post("/api/assistant/summarize", alice, obj("limit", 501)),
                api.post("/api/assistant/group", alice, obj("logIds", List.of("not-a-uuid"))),
                api.post("/api/assistant/summarize", alice, obj("level", "loud")),
                api.postRaw("/api/assistant/group", alice, "application/json", "nope".getBytes()))) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(api.get("/api/assistant/config", alice).json().path("configured").asBoolean()).isFalse();
    }
}
