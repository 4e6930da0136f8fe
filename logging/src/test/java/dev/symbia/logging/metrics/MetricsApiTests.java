package dev.symbia.logging.metrics;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MetricsApiTests extends LoggingIntegrationTest {

    /** A minute boundary an hour ago: buckets of one minute start exactly here and one minute later. */
    private final Instant minute = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);

    @Test
    void aggregatesPerBucketExactlyAsComputedByHand() {
        Principal alice = Principal.user(newOrg());
        UUID metric = metric(alice, "latency", "gauge");
        // Bucket 1: 1, 2, 3, 4, 10. Bucket 2: 5, 7.
        List<Object> points = new ArrayList<>();
        double[] first = {4, 1, 10, 3, 2};
        for (int i = 0; i < first.length; i++) {
            points.add(obj("timestamp", minute.plusSeconds(5 + 10L * i), "value", first[i]));
        }
        points.add(obj("timestamp", minute.plusSeconds(60), "value", 5));
        points.add(obj("timestamp", minute.plusSeconds(119), "value", 7));
        // Outside the range: must not count.
        points.add(obj("timestamp", minute.plusSeconds(120), "value", 1000));
        ingestPoints(alice, metric, points);

        JsonNode buckets = aggregate(alice, obj("metricIds", List.of(metric), "interval", "1m",
                "startTime", minute, "endTime", minute.plusSeconds(120))).path("data");
        assertThat(buckets.size()).isEqualTo(2);
        JsonNode b1 = buckets.get(0);
        assertThat(Instant.parse(b1.path("start").asString())).isEqualTo(minute);
        assertThat(b1.path("count").asLong()).isEqualTo(5);
        assertThat(b1.path("sum").asDouble()).isEqualTo(20.0);
        assertThat(b1.path("avg").asDouble()).isEqualTo(4.0);
        assertThat(b1.path("min").asDouble()).isEqualTo(1.0);
        assertThat(b1.path("max").asDouble()).isEqualTo(10.0);
        // percentile_cont: linear interpolation at rank q*(n-1) of the sorted values 1,2,3,4,10.
        assertThat(b1.path("p50").asDouble()).isEqualTo(3.0);
        assertThat(b1.path("p95").asDouble()).isCloseTo(8.8, within(1e-9));   // 4 + 0.8 * (10 - 4)
        assertThat(b1.path("p99").asDouble()).isCloseTo(9.76, within(1e-9));  // 4 + 0.96 * (10 - 4)
        JsonNode b2 = buckets.get(1);
        assertThat(Instant.parse(b2.path("start").asString())).isEqualTo(minute.plusSeconds(60));
        assertThat(b2.path("count").asLong()).isEqualTo(2);
        assertThat(b2.path("sum").asDouble()).isEqualTo(12.0);
        assertThat(b2.path("avg").asDouble()).isEqualTo(6.0);
        assertThat(b2.path("p50").asDouble()).isEqualTo(6.0);
        assertThat(b2.path("p95").asDouble()).isCloseTo(6.9, within(1e-9));
        assertThat(b2.path("p99").asDouble()).isCloseTo(6.98, within(1e-9));

        // One bucket over the whole range when no interval is given; "value" is the chosen statistic.
        JsonNode whole = aggregate(alice, obj("metricIds", List.of(metric), "aggregation", "max",
                "startTime", minute, "endTime", minute.plusSeconds(120))).path("data");
        assertThat(whole.size()).isEqualTo(1);
        assertThat(whole.get(0).path("count").asLong()).isEqualTo(7);
        assertThat(whole.get(0).path("value").asDouble()).isEqualTo(10.0);
        assertThat(whole.get(0).path("sum").asDouble()).isEqualTo(32.0);
    }

    @Test
    void filtersByLabelContainment() {
        Principal alice = Principal.user(newOrg());
        ingestPoints(alice, null, List.of(
                obj("timestamp", minute.plusSeconds(1), "value", 10, "labels", obj("route", "/a", "method", "GET")),
                obj("timestamp", minute.plusSeconds(2), "value", 20, "labels", obj("route", "/a", "method", "POST")),
                obj("timestamp", minute.plusSeconds(3), "value", 90, "labels", obj("route", "/b", "method", "GET"))),
                "requests");
        JsonNode a = aggregate(alice, obj("names", List.of("requests"), "aggregation", "sum", "labels", obj("route", "/a"),
                "startTime", minute, "endTime", minute.plusSeconds(60))).path("data").get(0);
        assertThat(a.path("count").asLong()).isEqualTo(2);
        assertThat(a.path("value").asDouble()).isEqualTo(30.0);
        JsonNode getA = aggregate(alice, obj("names", List.of("requests"), "aggregation", "sum",
                "labels", obj("route", "/a", "method", "GET"), "startTime", minute, "endTime", minute.plusSeconds(60)))
                .path("data").get(0);
        assertThat(getA.path("value").asDouble()).isEqualTo(10.0);
    }

    @Test
    void rawPointsNewestFirst() {
        Principal alice = Principal.user(newOrg());
        UUID metric = metric(alice, "temperature", "gauge");
        ingestPoints(alice, metric, List.of(obj("timestamp", minute.plusSeconds(1), "value", 20.5),
                obj("timestamp", minute.plusSeconds(2), "value", 21.5, "labels", obj("room", "lab"))));
        Api.Response raw = api.post("/api/metrics/query", alice, obj("metricIds", List.of(metric),
                "startTime", minute, "endTime", minute.plusSeconds(60)));
        assertThat(raw.status()).isEqualTo(200);
        JsonNode data = raw.json().path("data");
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.get(0).path("value").asDouble()).isEqualTo(21.5);
        assertThat(data.get(0).path("labels").path("room").asString()).isEqualTo("lab");
        assertThat(raw.json().path("rowCount").asInt()).isEqualTo(2);
    }

    @Test
    void metricDefinitionsKeepTheirTypeAndAreIdempotent() {
        Principal alice = Principal.user(newOrg());
        // The reference SDK's "metricType" is honoured (the reference stored everything as gauge).
        Api.Response created = api.post("/api/metrics", alice, obj("name", "jobs.done", "metricType", "counter", "unit", "1"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("type").asString()).isEqualTo("counter");
        Api.Response again = api.post("/api/metrics", alice, obj("name", "jobs.done"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(created.json().path("id").asString());
        String id = created.json().path("id").asString();
        assertThat(api.patch("/api/metrics/" + id, alice, obj("retentionDays", 5)).json().path("retentionDays").asInt()).isEqualTo(5);
        assertThat(api.get("/api/metrics/" + id, alice).status()).isEqualTo(200);
        assertThat(api.delete("/api/metrics/" + id, alice).status()).isEqualTo(204);
        assertThat(api.get("/api/metrics/" + id, alice).status()).isEqualTo(404);
    }

    @Test
    void anotherOrgCannotSeeQueryOrWriteAMetric() {
        Principal alice = Principal.user(newOrg());
        Principal bob = Principal.user(newOrg());
        UUID metric = metric(alice, "secret.revenue", "gauge");
        ingestPoints(alice, metric, List.of(obj("timestamp", minute.plusSeconds(1), "value", 1e6)));
        assertThat(api.get("/api/metrics/" + metric, bob).status()).isEqualTo(404);
        assertThat(Api.texts(api.get("/api/metrics", bob).json(), "id")).doesNotContain(metric.toString());
        assertThat(api.post("/api/metrics/query", bob, obj("metricIds", List.of(metric), "aggregation", "sum")).status())
                .isEqualTo(404);
        // By name, bob only ever reaches his own org's metric of that name.
        assertThat(api.post("/api/metrics/query", bob, obj("names", List.of("secret.revenue"))).status()).isEqualTo(404);
        assertThat(api.post("/api/metrics/ingest", bob, obj("metricId", metric, "dataPoints", List.of(obj("value", 1)))).status())
                .isEqualTo(404);
        assertThat(api.post("/api/metrics/query", bob, obj("metricIds", List.of(metric), "orgId", alice.orgs().get(0))).status())
                .isEqualTo(403);
    }

    @Test
    void badInputIsAProblem() {
        Principal alice = Principal.user(newOrg());
        UUID metric = metric(alice, "checked", "gauge");
        List<Api.Response> responses = List.of(
                api.post("/api/metrics", alice, obj("name", "t", "type", "sparkline")),
                api.post("/api/metrics", alice, obj("description", "no name")),
                api.post("/api/metrics/ingest", alice, obj("dataPoints", List.of(obj("value", 1)))),
                api.post("/api/metrics/ingest", alice, obj("metricId", metric, "dataPoints", List.of(obj("timestamp", "now")))),
                api.post("/api/metrics/ingest", alice, obj("metricId", metric, "dataPoints", List.of())),
                api.post("/api/metrics/ingest", alice, obj("metricId", metric, "dataPoints", List.of(obj("value", "many")))),
                api.post("/api/metrics/query", alice, obj()),
                api.post("/api/metrics/query", alice, obj("metricIds", List.of(metric), "aggregation", "median-ish")),
                api.post("/api/metrics/query", alice, obj("metricIds", List.of(metric), "interval", "fortnight")),
                api.post("/api/metrics/query", alice, obj("metricIds", List.of(metric), "interval", "1ms",
                        "startTime", minute, "endTime", minute.plus(1, ChronoUnit.DAYS))),
                api.post("/api/metrics/query", alice, obj("metricIds", List.of(metric), "interval", "0s")),
                api.post("/api/metrics/query", alice, obj("metricIds", List.of(metric), "startTime", minute, "endTime", minute)),
                api.patch("/api/metrics/" + metric, alice, obj("retentionDays", 99999)),
                api.patch("/api/metrics/" + UUID.randomUUID(), alice, obj("unit", "s")),
                api.delete("/api/metrics/" + UUID.randomUUID(), alice),
                api.get("/api/metrics/123", alice));
        for (Api.Response response : responses) {
            assertThat(response.status()).as(response.body()).isBetween(400, 499);
            assertThat(response.isProblem()).as(response.body()).isTrue();
        }
    }

    private UUID metric(Principal owner, String name, String type) {
        Api.Response created = api.post("/api/metrics", owner, obj("name", name, "type", type));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asString());
    }

    private void ingestPoints(Principal owner, UUID metric, List<Object> points) {
        ingestPoints(owner, metric, points, null);
    }

    private void ingestPoints(Principal owner, UUID metric, List<Object> points, String name) {
        Map<String, Object> body = metric != null ? obj("metricId", metric, "dataPoints", points)
                : obj("name", name, "dataPoints", points);
        Api.Response response = api.post("/api/metrics/ingest", owner, body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("count").asInt()).isEqualTo(points.size());
    }

    private JsonNode aggregate(Principal reader, Object query) {
        Api.Response response = api.post("/api/metrics/query", reader, query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("aggregated").asBoolean()).isTrue();
        return response.json();
    }
}
