package dev.symbia.bench.runtime;

import dev.symbia.bench.Args;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.Samples;
import dev.symbia.bench.ServiceProcess;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtime's benchmark (issue 21), two parts, each against a baseline measured in the same run:
 * <ol>
 *   <li><b>Engine throughput</b>: messages per second per core through the five-node graph map → filter → window →
 *       arithmetic → collect, with persistence on (the window's operator state written behind to PostgreSQL, execution
 *       metrics too). Messages go in as ingress batches ({@code POST /api/ingress/{graph}} with an array), so HTTP is
 *       paid once per batch; "per core" divides by the CPU time the runtime process used (from /proc), so batch
 *       parsing and the flushes count against the engine. Baseline: the same five functions written plainly over the
 *       same JSON values in a Java loop in this process, per CPU second of the measuring thread. Target ≥ 20,000/s.</li>
 *   <li><b>Inject latency</b>: p50/p99 of a synchronous {@code POST /api/runtime/executions/{id}/inject} through the
 *       gateway against {@code GET /api/runtime/stats} (a no-op read of the same service with the same
 *       authentication and route), alternating request by request. Target: p50 overhead ≤ 2 ms.</li>
 * </ol>
 * Starts a fresh embedded PostgreSQL, a fake identity, and the runtime and gateway jars as child JVMs. Loopback only.
 */
public final class RuntimeBench {

    private static final String USAGE = """
            RuntimeBench: engine messages/s per core (vs the same functions in a plain loop) and inject p50/p99 through
            the gateway (vs a no-op endpoint of the runtime).

              java -cp bench/target/benchmarks.jar dev.symbia.bench.runtime.RuntimeBench [options]

              --runtime-jar PATH   [runtime/target/runtime.jar]
              --gateway-jar PATH   [gateway/target/gateway.jar]
              --java-opts "OPTS"   JVM options of the children   [-Xms256m -Xmx512m]
              --messages N         messages through the engine  [200000]
              --batch N            messages per ingress request [2000]
              --requests N         measured requests per side for latency [2000]
              --out FILE           also write the report (markdown) here
              --label TEXT         what was measured (e.g. the commit)
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public static void main(String[] args) throws Exception {
        Args parsed = Args.parse(args);
        if (parsed.help()) {
            System.out.print(USAGE);
            return;
        }
        String runtimeJar = parsed.string("runtime-jar", "runtime/target/runtime.jar");
        String gatewayJar = parsed.string("gateway-jar", "gateway/target/gateway.jar");
        String javaOpts = parsed.string("java-opts", "-Xms256m -Xmx512m");
        int messages = parsed.integer("messages", 200_000, 1000, 100_000_000);
        int batch = parsed.integer("batch", 2000, 1, 100_000);
        int requests = parsed.integer("requests", 2000, 10, 1_000_000);
        String out = parsed.string("out", null);
        String label = parsed.string("label", "");
        parsed.rejectUnknown();

        System.setProperty("symbia.test.embedded-only", "true");
        TestDatabase database = TestPostgres.freshDatabase();
        String databaseUrl = database.jdbcUrl() + "?user=" + database.username() + "&password=" + database.password();
        Path work = Path.of(Files.isDirectory(Path.of("bench")) ? "bench/target" : "target", "runtime-bench");
        StringBuilder report = new StringBuilder();
        try (TestIdentity identity = TestIdentity.create()) {
            String token = identity.user("bench-member").member("org-bench", "member").token();
            int runtimePort = ServiceProcess.freePort();
            int gatewayPort = ServiceProcess.freePort();
            String closed = "http://127.0.0.1:" + ServiceProcess.freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SYMBIA_ENV", "development");
            env.put("RUNTIME_PORT", String.valueOf(runtimePort));
            env.put("DATABASE_URL", databaseUrl);
            env.put("IDENTITY_SERVICE_URL", identity.url());
            env.put("INTERNAL_SERVICE_SECRET", identity.serviceSecret());
            env.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");
            env.put("NETWORK_SERVICE_URL", closed);
            env.put("CATALOG_SERVICE_URL", closed);
            env.put("RUNTIME_MANIFEST_ENFORCEMENT", "off");
            env.put("RUNTIME_REGISTER_MANIFESTS", "false");
            Map<String, String> gatewayEnv = new LinkedHashMap<>();
            gatewayEnv.put("SYMBIA_ENV", "development");
            gatewayEnv.put("GATEWAY_PORT", String.valueOf(gatewayPort));
            gatewayEnv.put("IDENTITY_SERVICE_URL", identity.url());
            gatewayEnv.put("INTERNAL_SERVICE_SECRET", identity.serviceSecret());
            gatewayEnv.put("RUNTIME_SERVICE_URL", "http://127.0.0.1:" + runtimePort);
            gatewayEnv.put("NETWORK_SERVICE_URL", closed);
            gatewayEnv.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");
            gatewayEnv.put("GATEWAY_RATE_LIMIT_CAPACITY", "10000000");
            gatewayEnv.put("GATEWAY_RATE_LIMIT_REFILL_PER_SECOND", "10000000");
            try (ServiceProcess runtime = ServiceProcess.jar("runtime", Path.of(runtimeJar), javaOpts, env, null, work);
                 ServiceProcess gateway = ServiceProcess.jar("gateway", Path.of(gatewayJar), javaOpts, gatewayEnv, null, work)) {
                URI direct = URI.create("http://127.0.0.1:" + runtimePort);
                URI through = URI.create("http://127.0.0.1:" + gatewayPort);
                runtime.awaitReady(direct.resolve("/health/ready"));
                gateway.awaitReady(through.resolve("/health/ready"));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Client client = new Client(http, token);

                String graph = JSON.writeValueAsString(Map.of("symbia", "1.0", "name", "bench-five",
                        "nodes", java.util.List.of(
                                Map.of("id", "entry", "component", "symbia.transform.map", "config", Map.of("mapping", Map.of("value", "n", "kind", "kind"))),
                                Map.of("id", "keep", "component", "symbia.logic.filter", "config", Map.of("field", "value", "op", "gt", "value", -1)),
                                Map.of("id", "window", "component", "symbia.state.window", "config", Map.of("field", "value", "size", 60)),
                                Map.of("id", "calc", "component", "symbia.compute.arithmetic", "config", Map.of("expression", "{mean} * 2 + {count}")),
                                Map.of("id", "out", "component", "symbia.io.collect")),
                        "edges", java.util.List.of(edge("entry", "out", "keep", "in"), edge("keep", "pass", "window", "in"),
                                edge("window", "out", "calc", "in"), edge("calc", "out", "out", "in"))));
                String graphId = client.send("POST", direct.resolve("/api/graphs"), graph, 201).path("id").asString();
                String execution = client.send("POST", direct.resolve("/api/graphs/" + graphId + "/execute"), null, 201)
                        .path("executionId").asString();

                // ---- 1. engine throughput -----------------------------------------------------------------------
                ArrayNode values = NODES.arrayNode();
                for (int i = 0; i < batch; i++) {
                    values.addObject().put("n", i % 100).put("kind", "reading").put("noise", "x");
                }
                String body = JSON.writeValueAsString(values);
                URI ingress = direct.resolve("/api/ingress/bench-five");
                int warm = Math.max(1, messages / batch / 5);
                for (int i = 0; i < warm; i++) {
                    client.send("POST", ingress, body, 200);
                }
                int rounds = Math.max(1, messages / batch);
                long cpu0 = runtime.cpuNanos();
                long wall0 = System.nanoTime();
                long hops = 0;
                for (int i = 0; i < rounds; i++) {
                    hops += client.send("POST", ingress, body, 200).path("hops").asLong();
                }
                long wall = System.nanoTime() - wall0;
                long cpu = runtime.cpuNanos() - cpu0;
                long sent = (long) rounds * batch;
                double enginePerCore = sent / (cpu / 1e9);
                double engineWall = sent / (wall / 1e9);

                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                PlainFive plain = new PlainFive();
                for (int i = 0; i < 3; i++) {
                    plain.run(values, rounds);
                }
                long plainCpu0 = threads.getCurrentThreadCpuTime();
                long checksum = plain.run(values, rounds);
                long plainCpu = threads.getCurrentThreadCpuTime() - plainCpu0;
                double plainPerCore = sent / (plainCpu / 1e9);

                // ---- 2. inject latency through the gateway vs a no-op endpoint ----------------------------------
                URI inject = through.resolve("/api/runtime/executions/" + execution + "/inject");
                URI noop = through.resolve("/api/runtime/stats");
                String one = "{\"nodeId\":\"entry\",\"port\":\"in\",\"value\":{\"n\":7,\"kind\":\"reading\"}}";
                Samples injectSamples = new Samples();
                Samples noopSamples = new Samples();
                for (int round = 0; round < 2; round++) {
                    int n = round == 0 ? Math.max(50, requests / 5) : requests;
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        client.send("POST", inject, one, 200);
                        long t1 = System.nanoTime();
                        client.send("GET", noop, null, 200);
                        long t2 = System.nanoTime();
                        if (round == 1) {
                            injectSamples.add(t1 - t0);
                            noopSamples.add(t2 - t1);
                        }
                    }
                }

                report.append("## Runtime: engine throughput and inject latency (").append(Instant.now()).append(")\n\n");
                if (!label.isBlank()) {
                    report.append("- Label: ").append(label).append('\n');
                }
                report.append("- Graph map → filter → window(60) → arithmetic → collect, persistence on (write-behind "
                        + "flush every 2 s of the window's state and the metrics). ").append(sent).append(" messages in ingress batches of ")
                        .append(batch).append(" (").append(hops).append(" node invocations); plain-loop checksum ").append(checksum).append(".\n");
                report.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPU(s), load ")
                        .append(MachineCpu.loadAverage()).append(".\n\n");
                report.append("| engine | messages/s per core | ratio to plain loop | wall messages/s | target |\n|---|---|---|---|---|\n");
                report.append(String.format("| runtime (CPU of its process) | %,.0f | %.3f× | %,.0f | ≥ 20,000/s per core |%n",
                        enginePerCore, enginePerCore / plainPerCore, engineWall));
                report.append(String.format("| plain Java loop, same 5 functions | %,.0f | 1× | — | |%n%n", plainPerCore));
                report.append("| through the gateway | p50 | p99 |\n|---|---|---|\n");
                report.append("| inject (sync, 5 hops) | ").append(Samples.ms(injectSamples.percentile(50))).append(" | ")
                        .append(Samples.ms(injectSamples.percentile(99))).append(" |\n");
                report.append("| no-op (GET /api/runtime/stats) | ").append(Samples.ms(noopSamples.percentile(50))).append(" | ")
                        .append(Samples.ms(noopSamples.percentile(99))).append(" |\n");
                report.append("| inject overhead (target p50 ≤ 2 ms) | ")
                        .append(Samples.deltaMs(injectSamples.percentile(50), noopSamples.percentile(50))).append(" | ")
                        .append(Samples.deltaMs(injectSamples.percentile(99), noopSamples.percentile(99))).append(" |\n");
                report.append("\nLogs: `").append(runtime.log()).append("`, `").append(gateway.log()).append("`.\n");
            }
        }
        System.out.println(report);
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
        System.exit(0); // embedded PostgreSQL and HTTP client threads would keep the JVM up
    }

    private static Map<String, Object> edge(String from, String fromPort, String to, String toPort) {
        return Map.of("id", from + "-" + to, "source", Map.of("node", from, "port", fromPort), "target", Map.of("node", to, "port", toPort));
    }

    private record Client(HttpClient http, String token) {
        JsonNode send(String method, URI uri, String body, int expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }

    /**
     * The baseline: the graph's five functions written plainly over the same JSON values (map the fields, filter
     * value &gt; -1, a 60-value window's count/sum/mean/min/max, mean * 2 + count, keep the last), no engine.
     */
    static final class PlainFive {
        private final ArrayDeque<Double> window = new ArrayDeque<>();
        private JsonNode last;

        long run(ArrayNode values, int rounds) {
            long checksum = 0;
            for (int r = 0; r < rounds; r++) {
                for (JsonNode value : values) {
                    ObjectNode mapped = NODES.objectNode();
                    mapped.set("value", value.get("n"));
                    mapped.set("kind", value.get("kind"));
                    if (!(mapped.get("value").asDouble() > -1)) {
                        continue;
                    }
                    window.addLast(mapped.get("value").asDouble());
                    if (window.size() > 60) {
                        window.removeFirst();
                    }
                    double sum = 0;
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (double d : window) {
                        sum += d;
                        min = Math.min(min, d);
                        max = Math.max(max, d);
                    }
                    ObjectNode stats = NODES.objectNode().put("count", window.size()).put("sum", sum)
                            .put("mean", sum / window.size()).put("min", min).put("max", max).put("last", window.getLast());
                    double result = stats.get("mean").asDouble() * 2 + stats.get("count").asDouble();
                    last = NODES.objectNode().put("result", result);
                    checksum += (long) result;
                }
            }
            return checksum + (last == null ? 0 : 1);
        }
    }
}
