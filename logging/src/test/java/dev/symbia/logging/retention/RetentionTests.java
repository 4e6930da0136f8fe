package dev.symbia.logging.retention;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Retention deletes what is past each stream's, metric's or the platform's limit, and nothing else. */
class RetentionTests extends LoggingIntegrationTest {

    @Autowired
    RetentionJob job;

    @Autowired
    JdbcClient jdbc;

    private final Instant now = Instant.now();

    @Test
    void deletesOnlyWhatIsOlderThanItsRetention() {
        Principal alice = Principal.user(newOrg());
        UUID month = stream(alice, "kept-30-days", 30);
        UUID quarter = stream(alice, "kept-90-days", 90);
        UUID byDefault = stream(alice, "platform-default", null);   // symbia.logging.retention.log-days = 30
        ingest(alice, month, List.of(old("m1", 40), old("m2", 40), old("m3", 41), old("m4", 45), old("m-recent", 1)));
        ingest(alice, quarter, List.of(old("q-40", 40), old("q-100", 100)));
        ingest(alice, byDefault, List.of(old("d-31", 31), old("d-29", 29)));

        UUID gauge = metric(alice, "default-90", null);
        UUID weekly = metric(alice, "kept-7-days", 7);
        points(alice, gauge, 100, 1);
        points(alice, weekly, 8, 6);

        String oldTrace = "aaaa" + UUID.randomUUID().toString().replace("-", "").substring(4);
        String newTrace = "bbbb" + UUID.randomUUID().toString().replace("-", "").substring(4);
        spans(alice, oldTrace, 20);   // symbia.logging.retention.trace-days = 14
        spans(alice, newTrace, 1);

        RetentionJob.Result result = job.runOnce();

        assertThat(messages(alice)).containsExactlyInAnyOrder("m-recent", "q-40", "d-29");
        assertThat(result.logEntries()).isGreaterThanOrEqualTo(6);
        assertThat(pointAges(alice, gauge)).containsExactly(1L);
        assertThat(pointAges(alice, weekly)).containsExactly(6L);
        assertThat(result.metricPoints()).isGreaterThanOrEqualTo(2);
        assertThat(Api.texts(api.get("/api/traces", alice).json().path("data"), "traceId")).containsExactly(newTrace);
        assertThat(api.get("/api/traces/" + oldTrace, alice).status()).isEqualTo(404);
        assertThat(result.spans()).isGreaterThanOrEqualTo(2);
        assertThat(result.traces()).isGreaterThanOrEqualTo(1);

        // A second pass finds nothing more of alice's to delete.
        job.runOnce();
        assertThat(messages(alice)).containsExactlyInAnyOrder("m-recent", "q-40", "d-29");
    }

    @Test
    void purgesEverythingOfDeletedStreamsAndMetrics() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "to-delete", null);
        ingest(alice, stream, List.of(old("fresh", 0), old("fresh too", 0)));
        UUID metric = metric(alice, "to-delete", null);
        points(alice, metric, 0, 0);
        assertThat(api.delete("/api/logs/streams/" + stream, alice).status()).isEqualTo(204);
        assertThat(api.delete("/api/metrics/" + metric, alice).status()).isEqualTo(204);

        job.runOnce();

        assertThat(jdbc.sql("SELECT count(*) FROM log_entries WHERE stream_id = :id").param("id", stream).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM log_streams WHERE id = :id").param("id", stream).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM metric_points WHERE metric_id = :id").param("id", metric).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM metrics WHERE id = :id").param("id", metric).query(Long.class).single()).isZero();
    }

    private Object old(String message, int daysAgo) {
        return obj("message", message, "timestamp", now.minus(daysAgo, ChronoUnit.DAYS).minusSeconds(60));
    }

    private List<String> messages(Principal reader) {
        return Api.texts(queryLogs(reader, obj("limit", 1000)).path("data"), "message");
    }

    private UUID metric(Principal owner, String name, Integer retentionDays) {
        Api.Response created = api.post("/api/metrics", owner, obj("name", name, "retentionDays", retentionDays));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asString());
    }

    private void points(Principal owner, UUID metric, int... daysAgo) {
        List<Object> points = java.util.Arrays.stream(daysAgo)
                .mapToObj(d -> (Object) obj("value", d, "timestamp", now.minus(d, ChronoUnit.DAYS).minusSeconds(60))).toList();
        assertThat(api.post("/api/metrics/ingest", owner, obj("metricId", metric, "dataPoints", points)).status()).isEqualTo(200);
    }

    private List<Long> pointAges(Principal reader, UUID metric) {
        Api.Response raw = api.post("/api/metrics/query", reader, obj("metricIds", List.of(metric),
                "startTime", now.minus(1000, ChronoUnit.DAYS), "endTime", now));
        assertThat(raw.status()).as(raw.body()).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(raw.json().path("data").spliterator(), false)
                .map(p -> (long) p.path("value").asDouble()).toList();
    }

    private void spans(Principal owner, String traceId, int daysAgo) {
        Instant start = now.minus(daysAgo, ChronoUnit.DAYS);
        Api.Response response = api.post("/api/traces/ingest", owner, obj("spans", List.of(
                obj("traceId", traceId, "spanId", "1111111111111111", "name", "root", "startTime", start, "endTime", start.plusSeconds(1)),
                obj("traceId", traceId, "spanId", "2222222222222222", "parentSpanId", "1111111111111111", "name", "child",
                        "startTime", start, "endTime", start.plusMillis(500)))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
