package dev.symbia.test.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fuzzer finds what it is meant to find, against a small server that misbehaves on purpose. */
class ApiFuzzerTests {

    private static final String DOCUMENT = """
            {"openapi":"3.1.0","paths":{
              "/api/things/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,
                  "schema":{"type":"string","format":"uuid"}}]}},
              "/api/things":{"post":{"requestBody":{"content":{"application/json":{"schema":
                  {"$ref":"#/components/schemas/Thing"}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","properties":{
                  "name":{"type":"string"},"size":{"type":"integer"}}}}}}""";

    private final MockWebServer server = new MockWebServer();
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String target = request.getTarget();
                String body = request.getBody() == null ? "" : request.getBody().utf8();
                received.add(request.getMethod() + " " + target + " " + (body.length() > 100 ? body.substring(0, 100) : body));
                if (target.equals("/docs/openapi.json")) {
                    return json(200, "application/json", DOCUMENT);
                }
                if (request.getHeaders().get("Authorization") == null) {
                    return json(401, "application/problem+json", "{\"status\":401}");
                }
                if (body.contains("\\u0000")) {
                    // The defect of issue 20: a NUL reaches the database.
                    return json(500, "application/problem+json", "{\"status\":500,\"detail\":\"ERROR: invalid byte sequence for encoding UTF8: 0x00\"}");
                }
                if (target.contains("%00")) {
                    return json(400, "text/html", "<html><body>HTTP Status 400</body></html>");
                }
                if (target.startsWith("/api/things/") && !target.matches("/api/things/[0-9a-f-]{36}")) {
                    return json(400, "application/problem+json", "{\"status\":400}");
                }
                if (body.startsWith("[")) {
                    return json(400, "application/problem+json",
                            "{\"status\":400,\"detail\":\"java.lang.IllegalStateException: boom\\n\\tat dev.symbia.X.y(X.java:1)\"}");
                }
                return json(200, "application/json", "{\"ok\":true}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse json(int status, String type, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", type).body(body).build();
    }

    private ApiFuzzer.Report run(long seed) {
        return ApiFuzzer.builder(server.url("/").uri()).seed(seed).budget(Duration.ofSeconds(60))
                .caller(FuzzCaller.anonymous())
                .caller(FuzzCaller.bearer("user", "user-token-0123456789abcdef", Map.of()))
                .caller(FuzzCaller.bearer("other", "other-token-0123456789abcdef", Map.of()))
                .build().run();
    }

    @Test
    void findsServerErrorsNonProblemErrorsAndLeaks() {
        ApiFuzzer.Report report = run(20);
        assertThat(report.operations()).isEqualTo(2);
        assertThat(report.failures()).anyMatch(f -> f.startsWith("POST /api/things [user, NUL in name]: 500"));
        assertThat(report.failures()).anyMatch(f -> f.contains("GET /api/things/{id} [user, path id=%00]")
                && f.contains("is not problem+json"));
        assertThat(report.failures()).anyMatch(f -> f.contains("[user, array body]: body leaks internals"));
        assertThat(report.failures()).anyMatch(f -> f.contains("invalid byte sequence") || f.contains("leaks internals"));
        assertThat(report.failures()).noneMatch(f -> f.contains("[anonymous"));
        assertThat(report.requests()).isEqualTo(received.size() - 1);
    }

    @Test
    void sendsEveryKindOfHostileInput() {
        run(20);
        assertThat(received).anyMatch(r -> r.startsWith("POST /api/things {\"a\": [1, 2"));
        assertThat(received).anyMatch(r -> r.startsWith("POST /api/things [[[[[[["));
        assertThat(received).anyMatch(r -> r.startsWith("POST /api/things {\"a\":{\"a\":{\"a\":"));
        assertThat(received).anyMatch(r -> r.contains("\"size\":\"not a number\""));
        assertThat(received).anyMatch(r -> r.contains("yyyyyyyyyy"));
        assertThat(received).anyMatch(r -> r.startsWith("GET /api/things/%ff "));
        assertThat(received).anyMatch(r -> r.startsWith("GET /api/things/not-an-id "));
    }

    @Test
    void isDeterministicForASeed() {
        run(7);
        List<String> first = received.stream().map(r -> r.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "UUID")
                .replaceAll("fuzz-[0-9a-f]{8}@", "fuzz-x@")).toList();
        received.clear();
        run(7);
        List<String> second = received.stream().map(r -> r.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "UUID")
                .replaceAll("fuzz-[0-9a-f]{8}@", "fuzz-x@")).toList();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void stopsWhenItsTimeIsUp() {
        ApiFuzzer.Report report = ApiFuzzer.builder(server.url("/").uri()).budget(Duration.ZERO)
                .caller(FuzzCaller.bearer("user", "user-token-0123456789abcdef", Map.of())).build().run();
        assertThat(report.budgetExhausted()).isTrue();
        assertThat(report.requests()).isZero();
    }
}
