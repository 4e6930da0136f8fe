package dev.symbia.runtime.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Each built-in's config defaults and edge cases, table-driven from the reference's §2.6. */
class BuiltinsTests {

    private static final List<String> SINK_LINES = new ArrayList<>();
    private static volatile boolean sinkHealthy = true;
    private static final SinkWriter SINK = new SinkWriter() {
        @Override
        public boolean metric(String name, double value, Map<String, String> labels, String orgId) {
            SINK_LINES.add("metric " + name + "=" + Values.numberText(value) + " " + labels + " " + orgId);
            return sinkHealthy;
        }

        @Override
        public boolean log(String level, String message, Map<String, String> meta) {
            SINK_LINES.add(level + " " + message);
            return sinkHealthy;
        }
    };
    private static final ComponentRegistry REGISTRY = new ComponentRegistry(
            Builtins.all(HttpGuard.client(false, Duration.ofSeconds(10)), false, SINK));

    /** A node context with its own in-memory state; {@code logs} collects ctx.log lines. */
    static class Ctx implements NodeContext {
        final Map<String, JsonNode> state = new LinkedHashMap<>();
        final List<String> logs = new ArrayList<>();
        JsonNode config;

        Ctx(String config) {
            this.config = Values.json().readTree(config);
        }

        public String nodeId() { return "n1"; }
        public String executionId() { return "x"; }
        public String orgId() { return "org-1"; }
        public String ownerId() { return "user-1"; }
        public String graphKey() { return "g"; }
        public JsonNode config() { return config; }
        public String arrivalPort() { return "in"; }
        public void log(String message) { logs.add(message); }

        public OperatorState state() {
            return new OperatorState() {
                public JsonNode get(String key) { return state.get(key); }
                public void put(String key, JsonNode value) { state.put(key, value); }
                public Map<String, JsonNode> all() { return new LinkedHashMap<>(state); }
            };
        }
    }

    static List<Emit> run(String component, String config, String input, Lane lane, Ctx ctx) throws Exception {
        if (ctx == null) {
            ctx = new Ctx(config);
        }
        return REGISTRY.find(component).orElseThrow().handle(new FlowValue(Values.json().readTree(input), lane), ctx);
    }

    /** Emissions as "port=json[~lane]" with ~a for an explicitly apocryphal and ~c for an explicitly canonical lane. */
    static String render(List<Emit> emits) {
        List<String> out = new ArrayList<>();
        for (Emit emit : emits) {
            String lane = emit.value().lane() == null ? "" : emit.value().lane() == Lane.APOCRYPHAL ? "~a" : "~c";
            out.add(emit.port() + "=" + Values.json().writeValueAsString(emit.value().value()) + lane);
        }
        return String.join(" ", out);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("symbia.io.passthrough", "{}", "{\"a\":1}", "out={\"a\":1}"),
                Arguments.of("symbia.io.collect", "{}", "[1,2]", "out=[1,2]"),
                Arguments.of("symbia.io.delay", "{\"ms\":1}", "7", "out=7"),
                Arguments.of("symbia.io.delay", "{\"ms\":-5}", "7", "out=7"),
                Arguments.of("symbia.transform.map", "{}", "{\"a\":1}", "out={\"a\":1}"),
                Arguments.of("symbia.transform.map", "{\"mapping\":{}}", "{\"a\":1}", "out={\"a\":1}"),
                Arguments.of("symbia.transform.map", "{\"mapping\":{\"x\":\"a\",\"y\":\"missing\"}}", "{\"a\":1,\"b\":2}", "out={\"x\":1}"),
                Arguments.of("symbia.transform.map", "{}", "5", "error={\"error\":\"map expects an object\"}~a"),
                Arguments.of("symbia.transform.map", "{}", "[1]", "error={\"error\":\"map expects an object\"}~a"),
                Arguments.of("symbia.logic.filter", "{}", "0", "pass=0"),
                Arguments.of("symbia.logic.filter", "{}", "null", "fail=null"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\"}", "{\"b\":1}", "fail={\"b\":1}"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\",\"op\":\"eq\",\"value\":3}", "{\"a\":3.0}", "pass={\"a\":3.0}"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\",\"op\":\"eq\",\"value\":3}", "{\"a\":\"3\"}", "fail={\"a\":\"3\"}"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\",\"op\":\"neq\",\"value\":3}", "{\"a\":\"3\"}", "pass={\"a\":\"3\"}"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\",\"op\":\"gt\",\"value\":2}", "{\"a\":\"5\"}", "pass={\"a\":\"5\"}"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\",\"op\":\"lt\",\"value\":2}", "{}", "fail={}"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\",\"op\":\"contains\",\"value\":\"ell\"}", "{\"a\":\"hello\"}", "pass={\"a\":\"hello\"}"),
                Arguments.of("symbia.logic.filter", "{\"field\":\"a\",\"op\":\"weird\"}", "{\"a\":false}", "pass={\"a\":false}"),
                Arguments.of("symbia.logic.switch", "{}", "{\"type\":\"x\"}", "default={\"type\":\"x\"}"),
                Arguments.of("symbia.logic.switch", "{\"ports\":[\"x\"]}", "{\"type\":\"x\"}", "x={\"type\":\"x\"}"),
                Arguments.of("symbia.logic.switch", "{\"field\":\"k\",\"ports\":[\"1\"]}", "{\"k\":1}", "1={\"k\":1}"),
                Arguments.of("symbia.logic.switch", "{\"ports\":[\"\"]}", "{}", "={}"),
                Arguments.of("symbia.compute.arithmetic", "{\"expression\":\"{a} + {b} * 2\"}", "{\"a\":1,\"b\":\"3\"}",
                        "out={\"result\":7,\"method\":\"arithmetic\",\"expression\":\"1 + 3 * 2\",\"exact\":true}~c"),
                Arguments.of("symbia.compute.arithmetic", "{\"expression\":\"({a} - {b}) / 4\"}", "{\"a\":0,\"b\":-2}",
                        "out={\"result\":0.5,\"method\":\"arithmetic\",\"expression\":\"(0 - -2) / 4\",\"exact\":true}~c"),
                Arguments.of("symbia.compute.arithmetic", "{\"expression\":\"{a} + {b} + {c}\"}", "{\"a\":0,\"b\":null}",
                        "error={\"error\":\"expression refused: inputs absent\",\"missing\":[\"b\",\"c\"],\"present\":[\"a\"],\"expression\":\"{a} + {b} + {c}\"}~a"),
                Arguments.of("symbia.compute.arithmetic", "{\"expression\":\"{a} / 0\"}", "{\"a\":1}",
                        "error={\"error\":\"expression result is not finite\",\"expression\":\"1 / 0\"}~a"),
                Arguments.of("symbia.compute.arithmetic", "{\"expression\":\"{a} + 1\"}", "{\"a\":\"x\"}",
                        "error={\"error\":\"expression refused: expression may only hold numbers, whitespace and + - * / ( )\",\"expression\":\"NaN + 1\"}~a"),
                Arguments.of("symbia.compute.arithmetic", "{\"expression\":\"Math.exit()\"}", "{}",
                        "error={\"error\":\"expression refused: expression may only hold numbers, whitespace and + - * / ( )\",\"expression\":\"Math.exit()\"}~a"),
                Arguments.of("symbia.compute.arithmetic", "{\"expression\":\"(1 + 2\"}", "{}",
                        "error={\"error\":\"expression refused: missing ')' at 6\",\"expression\":\"(1 + 2\"}~a"),
                Arguments.of("symbia.source.timer", "{}", "{\"tick\":1}", "out={\"tick\":1}"),
                Arguments.of("symbia.state.window", "{}", "{\"value\":\"x\"}",
                        "error={\"error\":\"window expects a finite number in 'value'\",\"got\":\"x\"}~a"),
                Arguments.of("symbia.state.window", "{\"field\":\"v\"}", "{}",
                        "error={\"error\":\"window expects a finite number in 'v'\",\"got\":null}~a"),
                Arguments.of("symbia.state.window", "{\"size\":0}", "{\"value\":4}",
                        "out={\"count\":1,\"sum\":4,\"mean\":4,\"min\":4,\"max\":4,\"last\":4}"),
                Arguments.of("symbia.state.rollup", "{\"expected\":[]}", "{\"key\":\"a\",\"value\":1}",
                        "out={\"value\":null,\"op\":\"sum\",\"coverage\":1,\"present\":0,\"missing\":[]}"),
                Arguments.of("symbia.state.rollup", "{\"expected\":[\"a\",\"b\"]}", "{\"key\":\"a\",\"value\":2}",
                        "out={\"value\":2,\"op\":\"sum\",\"coverage\":0.5,\"present\":1,\"missing\":[\"b\"]}~a"),
                Arguments.of("symbia.state.rollup", "{\"expected\":[\"a\"]}", "{\"key\":\"a\",\"value\":\"NaN\"}",
                        "out={\"value\":null,\"op\":\"sum\",\"coverage\":0,\"present\":0,\"missing\":[\"a\"]}~a"),
                Arguments.of("symbia.io.split", "{}", "[1,\"a\"]", "out=1 out=\"a\""),
                Arguments.of("symbia.io.split", "{}", "{}", "error={\"error\":\"split expects an array\"}~a"),
                Arguments.of("symbia.io.merge", "{}", "3", "out=3"),
                Arguments.of("symbia.state.accumulator", "{\"batchSize\":1}", "3", "out=[3]"),
                Arguments.of("symbia.state.accumulator", "{}", "3", ""),
                Arguments.of("symbia.io.http-request", "{}", "1", "error={\"error\":\"http-request needs config.url\"}~a"),
                Arguments.of("symbia.io.http-request", "{\"url\":\"file:///etc/passwd\"}", "1",
                        "error={\"error\":\"http-request only calls http and https URLs\"}~a"),
                Arguments.of("symbia.sink.metric", "{}", "{\"value\":1}", "error={\"error\":\"metric sink needs config.name\"}~a"),
                Arguments.of("symbia.sink.metric", "{\"name\":\"m\",\"valueField\":\"a.b\"}", "{\"a\":{\"b\":\"x\"}}",
                        "error={\"error\":\"metric value at 'a.b' is not a finite number\"}~a"),
                Arguments.of("symbia.sink.metric", "{\"name\":\"m\",\"valueField\":\"a.b\"}", "{\"a\":{\"b\":2.5}}",
                        "out={\"a\":{\"b\":2.5}}"));
    }

    @ParameterizedTest(name = "{0} {1} <- {2}")
    @MethodSource("table")
    void behavesAsTheReferenceSays(String component, String config, String input, String expected) throws Exception {
        assertThat(render(run(component, config, input, Lane.CANONICAL, null))).isEqualTo(expected);
    }

    @Test
    void logAddsATraceLineAndPassesThrough() throws Exception {
        Ctx ctx = new Ctx("{}");
        assertThat(render(run("symbia.io.log", "{}", "{\"a\":1}", Lane.CANONICAL, ctx))).isEqualTo("out={\"a\":1}");
        assertThat(ctx.logs).containsExactly("[n1] {\"a\":1}");
    }

    @Test
    void latestKeepsTheLastMessagePerKeyAndEmitsASnapshot() throws Exception {
        Ctx ctx = new Ctx("{}");
        run("symbia.state.latest", null, "{\"key\":\"a\",\"v\":1}", Lane.CANONICAL, ctx);
        run("symbia.state.latest", null, "{\"v\":9}", Lane.CANONICAL, ctx); // no key: not stored
        assertThat(render(run("symbia.state.latest", null, "{\"key\":2,\"v\":2}", Lane.CANONICAL, ctx)))
                .isEqualTo("out={\"key\":2,\"v\":2} snapshot={\"a\":{\"key\":\"a\",\"v\":1},\"2\":{\"key\":2,\"v\":2}}");
    }

    @Test
    void joinIsPendingThenEmitsThenEmitsNothingForUnmatchedMessages() throws Exception {
        Ctx ctx = new Ctx("{\"select\":{\"left\":\"L\",\"right\":\"R\"}}");
        assertThat(render(run("symbia.state.join", null, "{\"key\":\"L\",\"value\":1}", Lane.CANONICAL, ctx)))
                .isEqualTo("pending={\"have\":[\"left\"],\"need\":[\"right\"]}~a");
        assertThat(render(run("symbia.state.join", null, "{\"key\":\"R\",\"value\":2}", Lane.CANONICAL, ctx)))
                .isEqualTo("out={\"left\":1,\"right\":2}");
        assertThat(render(run("symbia.state.join", null, "{\"key\":\"other\",\"value\":3}", Lane.CANONICAL, ctx))).isEmpty();
        assertThat(render(run("symbia.state.join", null, "{\"key\":\"L\",\"value\":5}", Lane.CANONICAL, ctx)))
                .isEqualTo("out={\"left\":5,\"right\":2}");
    }

    @Test
    void windowKeepsTheLastSizeValues() throws Exception {
        Ctx ctx = new Ctx("{\"size\":2}");
        run("symbia.state.window", null, "{\"value\":1}", Lane.CANONICAL, ctx);
        run("symbia.state.window", null, "{\"value\":5}", Lane.CANONICAL, ctx);
        assertThat(render(run("symbia.state.window", null, "{\"value\":\"3\"}", Lane.CANONICAL, ctx)))
                .isEqualTo("out={\"count\":2,\"sum\":8,\"mean\":4,\"min\":3,\"max\":5,\"last\":3}");
    }

    @Test
    void rollupCompletesAndAggregatesByOp() throws Exception {
        Ctx ctx = new Ctx("{\"expected\":[\"a\",\"b\"],\"op\":\"max\",\"keyField\":\"k\",\"valueField\":\"v\"}");
        run("symbia.state.rollup", null, "{\"k\":\"a\",\"v\":3}", Lane.CANONICAL, ctx);
        assertThat(render(run("symbia.state.rollup", null, "{\"k\":\"b\",\"v\":7}", Lane.CANONICAL, ctx)))
                .isEqualTo("out={\"value\":7,\"op\":\"max\",\"coverage\":1,\"present\":2,\"missing\":[]}");
    }

    @Test
    void accumulatorEmitsFullBatches() throws Exception {
        Ctx ctx = new Ctx("{\"batchSize\":2}");
        assertThat(render(run("symbia.state.accumulator", null, "1", Lane.CANONICAL, ctx))).isEmpty();
        assertThat(render(run("symbia.state.accumulator", null, "2", Lane.CANONICAL, ctx))).isEqualTo("out=[1,2]");
        assertThat(render(run("symbia.state.accumulator", null, "3", Lane.CANONICAL, ctx))).isEmpty();
    }

    @Test
    void sinksWriteAndTurnAnUnhealthyWriterIntoAnError() throws Exception {
        SINK_LINES.clear();
        assertThat(render(run("symbia.sink.metric", "{\"name\":\"pue\",\"labels\":{\"site\":\"x\"}}", "{\"value\":1.5}",
                Lane.CANONICAL, null))).isEqualTo("out={\"value\":1.5}");
        assertThat(render(run("symbia.sink.log", "{\"level\":\"warn\",\"message\":\"saw\"}", "{\"a\":1}", Lane.CANONICAL, null)))
                .isEqualTo("out={\"a\":1}");
        assertThat(SINK_LINES).containsExactly("metric pue=1.5 {site=x} org-1", "warn saw {\"a\":1}");
        sinkHealthy = false;
        try {
            assertThat(render(run("symbia.sink.metric", "{\"name\":\"pue\"}", "{\"value\":1}", Lane.CANONICAL, null)))
                    .isEqualTo("error={\"error\":\"metric writer unhealthy\"}~a");
            assertThat(render(run("symbia.sink.log", "{}", "1", Lane.CANONICAL, null))).isEqualTo("error={\"error\":\"log write failed\"}~a");
        } finally {
            sinkHealthy = true;
        }
    }

    @Test
    void lanesOnlyTighten() {
        assertThat(Lane.tighten(Lane.CANONICAL, false, null)).isEqualTo(Lane.CANONICAL);
        assertThat(Lane.tighten(Lane.APOCRYPHAL, false, Lane.CANONICAL)).isEqualTo(Lane.APOCRYPHAL);
        assertThat(Lane.tighten(Lane.CANONICAL, true, Lane.CANONICAL)).isEqualTo(Lane.APOCRYPHAL);
        assertThat(Lane.tighten(Lane.CANONICAL, false, Lane.APOCRYPHAL)).isEqualTo(Lane.APOCRYPHAL);
    }

    @Test
    void httpRequestRefusesLoopbackAndPrivateAddressesUnlessAllowed() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(201).body("{\"ok\":true}").build());
            server.enqueue(new MockResponse.Builder().code(200).body("plain text").build());
            server.start();
            String config = "{\"url\":\"" + server.url("/x") + "\",\"method\":\"post\"}";
            // guarded (the default): loopback literal and localhost are refused, nothing reaches the server
            assertThat(render(run("symbia.io.http-request", config, "1", Lane.CANONICAL, null))).startsWith("error=").contains("refused");
            String byName = "{\"url\":\"http://localhost:" + server.getPort() + "/x\"}";
            assertThat(render(run("symbia.io.http-request", byName, "1", Lane.CANONICAL, null))).startsWith("error=").contains("refused");
            for (String url : List.of("http://10.0.0.1/", "http://169.254.169.254/latest", "http://[::1]:1/", "http://100.64.0.1/")) {
                assertThat(render(run("symbia.io.http-request", "{\"url\":\"" + url + "\"}", "1", Lane.CANONICAL, null)))
                        .as(url).startsWith("error=").contains("refused");
            }
            assertThat(server.getRequestCount()).isZero();

            ComponentRegistry open = new ComponentRegistry(Builtins.all(HttpGuard.client(true, Duration.ofSeconds(5)), true, SINK));
            Component http = open.find("symbia.io.http-request").orElseThrow();
            assertThat(http.spec().emitsApocryphal()).isTrue();
            assertThat(render(http.handle(new FlowValue(Values.NODES.numberNode(1), Lane.CANONICAL), new Ctx(config))))
                    .isEqualTo("out={\"status\":201,\"body\":{\"ok\":true}}");
            assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
            assertThat(render(http.handle(new FlowValue(Values.NODES.numberNode(1), Lane.CANONICAL), new Ctx(byName))))
                    .isEqualTo("out={\"status\":200,\"body\":\"plain text\"}");
        }
    }

    @Test
    void catalogReadResolvesPublicResourcesAnonymously() throws Exception {
        try (MockWebServer catalog = new MockWebServer()) {
            catalog.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"key\":\"components/symbia.io.log\",\"version\":2,\"content\":{\"name\":\"Log\"}}").build());
            catalog.enqueue(new MockResponse.Builder().code(404).body("{}").build());
            catalog.start();
            String base = catalog.url("/").toString().replaceAll("/$", "");
            Component read = new ComponentRegistry(Builtins.all(HttpGuard.client(false, Duration.ofSeconds(5)), false, SINK, base))
                    .find("symbia.catalog.read").orElseThrow();
            assertThat(render(read.handle(new FlowValue(Values.json().readTree("{\"key\":\"components/symbia.io.log\"}"), Lane.CANONICAL),
                    new Ctx("{\"version\":\"^1\"}")))).isEqualTo("out={\"key\":\"components/symbia.io.log\",\"version\":2,\"content\":{\"name\":\"Log\"}}");
            var request = catalog.takeRequest();
            assertThat(request.getTarget()).isEqualTo("/api/resolve/components/symbia.io.log?version=%5E1");
            assertThat(request.getHeaders().get("Authorization")).isNull();
            assertThat(render(read.handle(new FlowValue(Values.NODES.nullNode(), Lane.CANONICAL), new Ctx("{\"key\":\"graphs/private\"}"))))
                    .isEqualTo("error={\"error\":\"catalog.read: 'graphs/private' not found\"}~a");
            assertThat(render(read.handle(new FlowValue(Values.NODES.nullNode(), Lane.CANONICAL), new Ctx("{\"key\":\"a/../../x\"}"))))
                    .contains("is not a catalog key");
            assertThat(render(read.handle(new FlowValue(Values.NODES.nullNode(), Lane.CANONICAL), new Ctx("{}"))))
                    .contains("needs config.key");
            assertThat(catalog.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void llmInvokeCallsIntegrationsAsTheGraphOwnerAndIsApocryphal() throws Exception {
        try (MockWebServer integrations = new MockWebServer()) {
            integrations.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"provider\":\"fake\",\"model\":\"m1\",\"content\":\"4\",\"usage\":{\"totalTokens\":9},"
                            + "\"finishReason\":\"stop\"}").build());
            integrations.enqueue(new MockResponse.Builder().code(402).addHeader("Content-Type", "application/problem+json")
                    .body("{\"title\":\"Budget exceeded\",\"status\":402,\"detail\":\"Monthly budget reached.\"}").build());
            integrations.start();
            String base = integrations.url("/").toString().replaceAll("/$", "");
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            Component llm = LlmInvoke.component(http, base);
            assertThat(llm.spec().emitsApocryphal()).isTrue();
            Ctx ctx = new Ctx("{\"prompt\":\"What is {a} + {b}? {{evil}}\",\"system\":\"Be brief.\",\"model\":\"m1\",\"maxTokens\":5}");
            assertThat(render(llm.handle(new FlowValue(Values.json().readTree("{\"a\":2,\"b\":\"2\"}"), Lane.CANONICAL), ctx)))
                    .isEqualTo("out={\"content\":\"4\",\"provider\":\"fake\",\"model\":\"m1\",\"usage\":{\"totalTokens\":9},\"finishReason\":\"stop\"}");
            var request = integrations.takeRequest();
            assertThat(request.getTarget()).isEqualTo("/api/internal/execute");
            assertThat(request.getHeaders().get("X-Symbia-User-Id")).isEqualTo("user-1");
            assertThat(request.getHeaders().get("X-Org-Id")).isEqualTo("org-1");
            JsonNode body = Values.json().readTree(request.getBody().utf8());
            assertThat(body.path("operation").asString()).isEqualTo("chat.completions");
            assertThat(body.path("stream").asBoolean()).isFalse();
            assertThat(body.path("params").path("maxTokens").asInt()).isEqualTo(5);
            assertThat(body.path("params").path("messages").toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is 2 + 2? {}\"}]");
            assertThat(render(llm.handle(new FlowValue(Values.NODES.stringNode("hi"), Lane.CANONICAL), new Ctx("{}"))))
                    .isEqualTo("error={\"error\":\"llm.invoke failed: Budget exceeded\",\"status\":402,\"detail\":\"Monthly budget reached.\"}~a");
            assertThat(render(LlmInvoke.component(null, base).handle(new FlowValue(Values.NODES.stringNode("hi"), Lane.CANONICAL),
                    new Ctx("{}")))).contains("INTERNAL_SERVICE_SECRET unset");
        }
    }

    @Test
    void integrationInvokeRunsAConnectorOperationWithTheGraphOwnersOwnToken() throws Exception {
        try (MockWebServer integrations = new MockWebServer()) {
            // integrations' connector answer and its problem+json refusals, as ConnectorsController writes them
            integrations.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"connector\":\"jfrog\",\"operation\":\"xray.summary\",\"result\":{\"artifacts\":"
                            + "[{\"path\":\"libs/app.jar\",\"issues\":[]}],\"errors\":[]}}").build());
            integrations.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "application/problem+json")
                    .body("{\"type\":\"https://symbia.dev/problems/forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                            + "\"detail\":\"Missing capability cap:integrations.deploy\"}").build());
            integrations.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/problem+json")
                    .body("{\"title\":\"Provider credentials rejected\",\"status\":401,\"category\":\"provider-credentials\","
                            + "\"connector\":\"railway\",\"detail\":\"The railway credential (org) was rejected.\"}").build());
            integrations.start();
            String base = integrations.url("/").toString().replaceAll("/$", "");
            List<String> asked = new ArrayList<>();
            UserTokens tokens = (user, org) -> {
                asked.add(user + "@" + org);
                return user.equals("user-1") ? java.util.Optional.of("token-of-" + user + "-in-" + org) : java.util.Optional.empty();
            };
            Component invoke = IntegrationInvoke.component(new okhttp3.OkHttpClient(), tokens, base);
            assertThat(invoke.spec().blocking()).isTrue();

            Ctx scan = new Ctx("{\"connector\":\"jfrog\",\"operation\":\"xray.summary\",\"params\":{\"paths\":[\"{repo}/{file}\"]}}");
            assertThat(render(invoke.handle(new FlowValue(Values.json().readTree("{\"repo\":\"libs\",\"file\":\"app.jar\"}"),
                    Lane.CANONICAL), scan))).isEqualTo("out={\"artifacts\":[{\"path\":\"libs/app.jar\",\"issues\":[]}],\"errors\":[]}");
            var request = integrations.takeRequest();
            // the public endpoint, as the owner: their own bearer and org, no service headers naming a user
            assertThat(request.getTarget()).isEqualTo("/api/connectors/jfrog/xray.summary");
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-of-user-1-in-org-1");
            assertThat(request.getHeaders().get("X-Org-Id")).isEqualTo("org-1");
            assertThat(request.getHeaders().get("X-Symbia-User-Id")).isNull();
            assertThat(request.getBody().utf8()).isEqualTo("{\"paths\":[\"libs/app.jar\"]}");
            assertThat(asked).containsExactly("user-1@org-1");

            // the owner lacks cap:integrations.deploy: integrations' 403 comes out on the error port
            Ctx deploy = new Ctx("{\"connector\":\"railway\",\"operation\":\"deploy\"}");
            FlowValue target = new FlowValue(Values.json().readTree("{\"serviceId\":\"s\",\"environmentId\":\"e\"}"), Lane.CANONICAL);
            assertThat(render(invoke.handle(target, deploy))).isEqualTo(
                    "error={\"error\":\"integration.invoke failed: Forbidden\",\"status\":403,\"detail\":\"Missing capability cap:integrations.deploy\"}~a");
            assertThat(integrations.takeRequest().getBody().utf8()).isEqualTo("{\"serviceId\":\"s\",\"environmentId\":\"e\"}");
            assertThat(render(invoke.handle(target, deploy))).contains("\"category\":\"provider-credentials\"")
                    .contains("\"connector\":\"railway\"").doesNotContain("Bearer").doesNotContain("token-of");

            // a graph cannot steer the call elsewhere, and a non-object input has no parameters
            assertThat(render(invoke.handle(target, new Ctx("{\"connector\":\"../identity\",\"operation\":\"x\"}"))))
                    .contains("must be plain names");
            assertThat(render(invoke.handle(new FlowValue(Values.NODES.stringNode("x"), Lane.CANONICAL), deploy)))
                    .contains("must be an object");
            // no acting tokens (no INTERNAL_SERVICE_SECRET), an owner who left the org, identity down: error port, no call
            assertThat(render(IntegrationInvoke.component(null, null, base).handle(target, deploy))).contains("INTERNAL_SERVICE_SECRET unset");
            Ctx departed = new Ctx("{\"connector\":\"railway\",\"operation\":\"deploy\"}") {
                @Override
                public String ownerId() {
                    return "user-2";
                }
            };
            assertThat(render(invoke.handle(target, departed))).contains("no longer a member of its org");
            Component identityDown = IntegrationInvoke.component(new okhttp3.OkHttpClient(), (u, o) -> {
                throw new java.io.IOException("identity answered 503 for an acting token");
            }, base);
            assertThat(render(identityDown.handle(target, deploy))).contains("no token for the graph's owner");
            assertThat(integrations.getRequestCount()).isEqualTo(3);
            integrations.close();
            assertThat(render(invoke.handle(target, deploy))).contains("integrations could not be reached");
        }
    }

    @Test
    void configSchemasRefuseUnknownFieldsWrongTypesAndMissingRequiredOnes() {
        assertThat(REGISTRY.configErrors("symbia.state.join", Values.json().readTree("{}"))).hasSize(1);
        assertThat(REGISTRY.configErrors("symbia.state.rollup", Values.json().readTree("{\"expected\":[],\"op\":\"median\"}")))
                .extracting(e -> e.get("field")).containsExactly("op");
        assertThat(REGISTRY.configErrors("symbia.io.passthrough", Values.json().readTree("{\"x\":1}"))).hasSize(1);
        assertThat(REGISTRY.configErrors("symbia.io.delay", Values.json().readTree("{\"ms\":250}"))).isEmpty();
    }
}
