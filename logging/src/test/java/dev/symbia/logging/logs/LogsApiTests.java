package dev.symbia.logging.logs;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LogsApiTests extends LoggingIntegrationTest {

    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);

    @Test
    void creatingAStreamTwiceReturnsTheSameStream() {
        Principal alice = Principal.user(newOrg());
        Api.Response first = api.post("/api/logs/streams", alice, obj("name", "service.web.logs", "retentionDays", 7));
        Api.Response second = api.post("/api/logs/streams", alice, obj("name", "service.web.logs"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(first.json().path("retentionDays").asInt()).isEqualTo(7);
        assertThat(first.json().path("orgId").asString()).isEqualTo(alice.orgs().get(0).toString());
    }

    @Test
    void queriesFilterByLevelServiceTimeTraceAndWordsNewestFirst() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "app", null);
        ingest(alice, stream, List.of(
                obj("timestamp", base.plusSeconds(1), "level", "debug", "message", "cache warmed", "service", "web"),
                obj("timestamp", base.plusSeconds(2), "level", "info", "message", "user signed in", "service", "web"),
                obj("timestamp", base.plusSeconds(3), "level", "warn", "message", "slow query on orders", "service", "db",
                        "traceId", "4BF92F3577B34DA6A3CE929D0E0E4736"),
                obj("timestamp", base.plusSeconds(4), "level", "error", "message", "Connection timeout to payments", "service", "web",
                        "metadata", obj("attempt", 3)),
                obj("timestamp", base.plusSeconds(5), "level", "fatal", "message", "out of memory", "service", "db")));

        assertThat(messages(queryLogs(alice, obj()))).containsExactly(
                "out of memory", "Connection timeout to payments", "slow query on orders", "user signed in", "cache warmed");
        assertThat(messages(queryLogs(alice, obj("level", "error")))).containsExactly("Connection timeout to payments");
        // "At least warn" includes fatal (the reference dropped fatal from minimum-level filters).
        assertThat(messages(queryLogs(alice, obj("minLevel", "warn"))))
                .containsExactly("out of memory", "Connection timeout to payments", "slow query on orders");
        assertThat(messages(queryLogs(alice, obj("services", List.of("db")))))
                .containsExactly("out of memory", "slow query on orders");
        assertThat(messages(queryLogs(alice, obj("startTime", base.plusSeconds(2), "endTime", base.plusSeconds(4)))))
                .containsExactly("slow query on orders", "user signed in");
        assertThat(messages(queryLogs(alice, obj("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"))))
                .containsExactly("slow query on orders");
        // Word prefixes, any case, all words required.
        assertThat(messages(queryLogs(alice, obj("search", "CONN time")))).containsExactly("Connection timeout to payments");
        assertThat(messages(queryLogs(alice, obj("search", "timeout memory")))).isEmpty();
        assertThat(messages(queryLogs(alice, obj("streamIds", List.of(stream), "search", "orders")))).containsExactly("slow query on orders");

        JsonNode error = queryLogs(alice, obj("level", "error")).path("data").get(0);
        assertThat(error.path("metadata").path("attempt").asInt()).isEqualTo(3);
        assertThat(error.path("service").asString()).isEqualTo("web");
        assertThat(error.path("streamId").asString()).isEqualTo(stream.toString());
        // The GET form takes the same filters as parameters.
        Api.Response get = api.get("/api/logs?level=fatal&services=db", alice);
        assertThat(get.status()).isEqualTo(200);
        assertThat(messages(get.json())).containsExactly("out of memory");
    }

    @Test
    void cursorPaginationVisitsEveryEntryOnceInOrder() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "paged", null);
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two entries share each timestamp: the id breaks ties, so none is skipped or repeated.
            entries.add(obj("timestamp", base.plusSeconds(i / 2), "message", "entry " + i));
        }
        ingest(alice, stream, entries);

        List<String> seen = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = queryLogs(alice, obj("limit", 3, "cursor", cursor));
            page.path("data").forEach(e -> {
                seen.add(e.path("message").asString());
                times.add(Instant.parse(e.path("timestamp").asString()));
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void anotherOrgNeverSeesOrWritesTheStreamOrItsEntries() {
        Principal alice = Principal.user(newOrg());
        Principal bob = Principal.user(newOrg());
        UUID stream = stream(alice, "private", null);
        ingest(alice, stream, List.of(obj("message", "alice only", "level", "warn")));

        assertThat(queryLogs(bob, obj()).path("data").size()).isZero();
        assertThat(queryLogs(bob, obj("streamIds", List.of(stream))).path("data").size()).isZero();
        assertThat(api.get("/api/logs/streams/" + stream, bob).status()).isEqualTo(404);
        assertThat(Api.texts(api.get("/api/logs/streams", bob).json(), "id")).doesNotContain(stream.toString());
        assertThat(api.post("/api/logs/ingest", bob, obj("streamId", stream, "entries", List.of(obj("message", "x")))).status())
                .isEqualTo(404);
        assertThat(api.patch("/api/logs/streams/" + stream, bob, obj("retentionDays", 1)).status()).isEqualTo(404);
        assertThat(api.delete("/api/logs/streams/" + stream, bob).status()).isEqualTo(404);
        // Asking for alice's org by header or by filter is refused, not silently widened.
        Api.Response spoofed = api.post("/api/logs/query", bob.selecting(alice.orgs().get(0)), obj());
        assertThat(spoofed.status()).isEqualTo(403);
        assertThat(spoofed.isProblem()).isTrue();
        assertThat(api.post("/api/logs/query", bob, obj("orgId", alice.orgs().get(0))).status()).isEqualTo(403);
        // Nor does an ordinary member see the platform's own (system org) telemetry.
        assertThat(api.post("/api/logs/query", bob, obj("orgId", Api.SYSTEM_ORG)).status()).isEqualTo(403);
        assertThat(messages(queryLogs(alice, obj()))).containsExactly("alice only");
    }

    @Test
    void aMemberOfTwoOrgsReadsBothAndNarrowsWithXOrgId() {
        UUID first = newOrg();
        UUID second = newOrg();
        Principal both = new Principal("user:" + UUID.randomUUID(), List.of(first, second), null, List.of(), false);
        ingest(both.selecting(first), stream(both.selecting(first), "s", null), List.of(obj("message", "in first")));
        ingest(both.selecting(second), stream(both.selecting(second), "s", null), List.of(obj("message", "in second")));
        assertThat(messages(queryLogs(both, obj()))).containsExactlyInAnyOrder("in first", "in second");
        assertThat(messages(queryLogs(both.selecting(second), obj()))).containsExactly("in second");
        // Writing without X-Org-Id lands in the token's default org (the first here)...
        UUID defaulted = stream(both, "defaulted", null);
        ingest(both, defaulted, List.of(obj("message", "by default")));
        assertThat(messages(queryLogs(both.selecting(first), obj("streamIds", List.of(defaulted))))).containsExactly("by default");
        assertThat(queryLogs(both.selecting(second), obj("streamIds", List.of(defaulted))).path("data").size()).isZero();
        // ...and without a default org it is ambiguous.
        assertThat(api.post("/api/logs/streams", both.withoutDefaultOrg(), obj("name", "x")).status()).isEqualTo(400);
    }

    @Test
    void deletingAStreamHidesItsEntries() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "doomed", null);
        ingest(alice, stream, List.of(obj("message", "soon gone")));
        assertThat(api.delete("/api/logs/streams/" + stream, alice).status()).isEqualTo(204);
        assertThat(api.get("/api/logs/streams/" + stream, alice).status()).isEqualTo(404);
        assertThat(queryLogs(alice, obj()).path("data").size()).isZero();
        // The name is free again.
        assertThat(api.post("/api/logs/streams", alice, obj("name", "doomed")).status()).isEqualTo(201);
    }

    @Test
    void updatesAStream() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "tuned", 30);
        Api.Response updated = api.patch("/api/logs/streams/" + stream, alice, obj("retentionDays", 3, "tags", List.of("a")));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("retentionDays").asInt()).isEqualTo(3);
        assertThat(updated.json().path("tags").get(0).asString()).isEqualTo("a");
        Api.Response cleared = api.patch("/api/logs/streams/" + stream, alice, obj("useDefaultRetention", true));
        assertThat(cleared.json().path("retentionDays").isNull()).isTrue();
    }

    @Test
    void textThatPostgresCannotStoreIsCleanedNotFatal() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "nul", null);
        ingest(alice, stream, List.of(obj("message", "a\u0000b", "metadata", obj("k", "x\u0000y"))));
        JsonNode entry = queryLogs(alice, obj()).path("data").get(0);
        assertThat(entry.path("message").asString()).isEqualTo("a\uFFFDb");
        assertThat(entry.path("metadata").path("k").asString()).isEqualTo("x\uFFFDy");
    }

    @Test
    void badInputIsAProblemNeverAServerError() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "strict", null);
        List<Api.Response> responses = List.of(
                api.post("/api/logs/ingest", alice, obj("entries", List.of(obj("message", "no stream")))),
                api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of())),
                api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of(obj("level", "info")))),
                api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of(obj("message", "m", "level", "loud")))),
                api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of(obj("message", "m", "traceId", "has spaces")))),
                api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of(obj("message", "m", "timestamp", "yesterday")))),
                api.post("/api/logs/ingest", alice, obj("streamId", "not-a-uuid", "entries", List.of(obj("message", "m")))),
                api.postRaw("/api/logs/ingest", alice, "application/json", "{\"streamId\":".getBytes()),
                api.postRaw("/api/logs/ingest", alice, "text/plain", "hello".getBytes()),
                api.post("/api/logs/streams", alice, obj("name", "")),
                api.post("/api/logs/streams", alice, obj("name", "r", "retentionDays", 0)),
                api.post("/api/logs/streams", alice, obj("name", "l", "level", "chatty")),
                api.post("/api/logs/query", alice, obj("level", "loud")),
                api.post("/api/logs/query", alice, obj("limit", 5000)),
                api.post("/api/logs/query", alice, obj("cursor", "bm90LWEtY3Vyc29y")),
                api.post("/api/logs/query", alice, obj("startTime", base.plusSeconds(10), "endTime", base)),
                api.get("/api/logs/streams/not-a-uuid", alice),
                api.get("/api/logs?startTime=yesterday", alice),
                api.get("/api/logs?limit=0", alice),
                api.patch("/api/logs/streams/" + stream, alice, obj("retentionDays", 99999)));
        for (Api.Response response : responses) {
            assertThat(response.status()).as(response.body()).isBetween(400, 499);
            assertThat(response.isProblem()).as(response.body()).isTrue();
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.symbia");
        }
    }

    @Test
    void withoutAPrincipalNothingIsReadOrWritten() {
        Api.Response read = api.post("/api/logs/query", null, obj());
        Api.Response write = api.post("/api/logs/streams", null, obj("name", "anon"));
        Principal someone = Principal.user(newOrg());
        Api.Response forged = api.get("/api/logs/streams", someone.forgedToken());
        Api.Response forgedWrite = api.post("/api/logs/streams", someone.forgedToken(), obj("name", "forged"));
        // Identity headers from the client are not a principal.
        Api.Response claimed = api.send(HttpRequest.newBuilder(api.uri("/api/logs/streams")).GET()
                .header("X-Symbia-Principal", "service:messaging").header("X-Symbia-Super-Admin", "true"));
        for (Api.Response response : List.of(read, write, forged, forgedWrite, claimed)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(api.get("/api/logs/streams", someone).status()).isEqualTo(200);
        Principal outsider = Principal.user(newOrg());
        Principal pretender = new Principal(outsider.id(), List.of(), newOrg(), List.of(), false);
        assertThat(api.post("/api/logs/streams", pretender, obj("name", "x")).status()).isEqualTo(403);
    }

    static List<String> messages(JsonNode page) {
        return Api.texts(page.path("data"), "message");
    }

    static Set<String> ids(JsonNode page) {
        return new HashSet<>(Api.texts(page.path("data"), "id"));
    }

    static Map<String, Object> entry(String message) {
        return obj("message", message);
    }
}
