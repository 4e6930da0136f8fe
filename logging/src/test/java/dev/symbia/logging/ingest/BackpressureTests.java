package dev.symbia.logging.ingest;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Test settings: 2 concurrent ingest requests, 100 ms wait, 256 KB bodies, 5000 records. */
class BackpressureTests extends LoggingIntegrationTest {

    @Autowired
    IngestGate gate;

    @Test
    void aSaturatedIngestLimitAnswers429WithRetryAfter() throws Exception {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "busy", null);
        List<IngestGate.Slot> held = new ArrayList<>();
        try {
            // Every slot taken, as by two slow ingest requests in flight.
            while (gate.available() > 0) {
                held.add(gate.tryEnter().orElseThrow());
            }
            Api.Response json = api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of(obj("message", "m"))));
            assertThat(json.status()).isEqualTo(429);
            assertThat(json.isProblem()).isTrue();
            assertThat(json.header("Retry-After")).contains("3");
            assertThat(json.json().path("code").asString()).isEqualTo("rate-limited");

            Api.Response otlp = api.postRaw("/v1/traces", Principal.service("busy"), "application/x-protobuf", new byte[0]);
            assertThat(otlp.status()).isEqualTo(429);
            assertThat(otlp.header("Retry-After")).contains("3");
            CodedInputStream status = CodedInputStream.newInstance(otlp.bytes());
            assertThat(status.readTag()).isEqualTo(8);
            assertThat(status.readInt32()).isEqualTo(8);   // RESOURCE_EXHAUSTED

            // Authentication comes first: an anonymous or forged flood never waits for, or takes, a slot.
            assertThat(api.post("/api/logs/ingest", null, obj("streamId", stream, "entries", List.of())).status()).isEqualTo(401);
            assertThat(api.postRaw("/v1/traces", Principal.service("busy").forgedToken(), "application/x-protobuf",
                    new byte[0]).status()).isEqualTo(401);

            // Reads are not ingest: they go on.
            assertThat(api.get("/api/logs/streams", alice).status()).isEqualTo(200);
        } finally {
            held.forEach(IngestGate.Slot::close);
        }
        assertThat(api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of(obj("message", "m")))).status())
                .isEqualTo(200);
    }

    @Test
    void oversizedRequestsAre413() throws Exception {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "big", null);
        String huge = "x".repeat(300 * 1024);
        Api.Response declared = api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", List.of(obj("message", huge))));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.isProblem()).isTrue();

        // No Content-Length (chunked): the limit applies while reading.
        HttpRequest chunked = HttpRequest.newBuilder(api.uri("/api/logs/ingest"))
                .header("Content-Type", "application/json").header("Authorization", alice.authorization())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        Api.obj("streamId", stream, "entries", List.of(obj("message", huge))).toString().getBytes())))
                .build();
        HttpResponse<String> streamed = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);

        // A small gzip body that inflates past the limit (a zip bomb) is refused too.
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            gzip.write(new byte[2 * 1024 * 1024]);
        }
        assertThat(bomb.size()).isLessThan(10 * 1024);
        Api.Response inflated = api.postRaw("/v1/logs", Principal.service("bomb"), "application/x-protobuf", bomb.toByteArray(),
                "Content-Encoding", "gzip");
        assertThat(inflated.status()).isEqualTo(413);

        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            many.add(obj("message", "m"));
        }
        Api.Response tooMany = api.post("/api/logs/ingest", alice, obj("streamId", stream, "entries", many));
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.isProblem()).isTrue();
        assertThat(gate.available()).isEqualTo(2);
    }

    @Test
    void aBatchOfThousandsLandsInOneRequest() {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "bulk", null);
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            entries.add(obj("message", "bulk " + i, "level", i % 10 == 0 ? "error" : "info"));
        }
        ingest(alice, stream, entries);
        assertThat(queryLogs(alice, obj("level", "error", "limit", 1000)).path("data").size()).isEqualTo(500);
    }
}
