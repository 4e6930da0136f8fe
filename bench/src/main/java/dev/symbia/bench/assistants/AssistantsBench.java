package dev.symbia.bench.assistants;

import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Llm;
import dev.symbia.assistants.engine.RuleEngine;
import dev.symbia.assistants.engine.RuleSet;
import dev.symbia.assistants.engine.Run;
import dev.symbia.assistants.engine.RunResult;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.Samples;
import dev.symbia.test.provider.ScriptedBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The assistants issue's benchmark, one run, one JVM (issue 23):
 * <ol>
 *   <li><b>Rule evaluation throughput</b>: messages per second on one thread through the real {@code RuleEngine}
 *       (compiled from the assistants module's sources) over a 50-rule set whose first 49 rules do not match, so
 *       every message evaluates all 50 (selection, the 19 operators' type rules, then the default rule's
 *       {@code message.send} template), against a baseline of the same 50 conditions hand-coded in Java.</li>
 *   <li><b>Added latency to the first streamed delta</b>: from handing a {@code message.new}'s message to the engine
 *       (the same 50 rules; the default rule is {@code llm.invoke} + {@code message.send} of its answer, so it
 *       streams) to the first delta, against the same streamed call to a fake integrations made directly. Both
 *       read integrations' SSE chat frames from one MockWebServer; samples alternate.</li>
 * </ol>
 * What the latency leaves out, by construction: the network hops (relay → network → assistants, and the delta's
 * way back through the network and messaging) and the two database round trips of a reply (the claim and the
 * conversation state). The throughput figure is per core because it is one thread.
 */
public final class AssistantsBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RULES = 50;

    public static void main(String[] args) throws Exception {
        Path out = null;
        long seconds = 5;
        int samples = 300;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        StringBuilder report = new StringBuilder("# Assistants bench (issue 23)\n\n");
        report.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, load average ")
                .append(MachineCpu.loadAverage()).append(" at start (shared with other work).\n\n");
        throughput(report, seconds);
        latency(report, samples);
        System.out.println(report);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        }
        System.exit(0);
    }

    // ---- 1. throughput

    static String conditionsJson() {
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < RULES - 1; i++) {
            rules.add("{\"id\":\"r" + i + "\",\"trigger\":\"message.received\",\"priority\":" + (100 - i)
                    + ",\"conditions\":" + condition(i) + ",\"actions\":[{\"type\":\"message.send\",\"params\":"
                    + "{\"content\":\"rule " + i + "\"}}]}");
        }
        return String.join(",", rules);
    }

    /** Condition i of the 49 that never match the benchmark's messages: every operator, several fields. */
    static String condition(int i) {
        String[] c = {
            "{\"field\":\"message.content\",\"operator\":\"contains\",\"value\":\"refund%d\"}",
            "{\"field\":\"message.content\",\"operator\":\"starts_with\",\"value\":\"cancel%d\"}",
            "{\"field\":\"message.content\",\"operator\":\"matches\",\"value\":\"^order\\\\s+#%d\\\\b\"}",
            "{\"field\":\"message.metadata.priority\",\"operator\":\"gt\",\"value\":%d00}",
            "{\"field\":\"message.metadata.channel\",\"operator\":\"eq\",\"value\":\"sms%d\"}",
            "{\"field\":\"context.topic\",\"operator\":\"in\",\"value\":[\"billing%d\",\"legal%1$d\"]}",
            "{\"field\":\"message.metadata.tags\",\"operator\":\"contains\",\"value\":\"vip%d\"}",
            "{\"field\":\"message.content\",\"operator\":\"length_gte\",\"value\":%d000}",
            "{\"field\":\"conversationState\",\"operator\":\"eq\",\"value\":\"handoff%d\"}",
            "{\"field\":\"message.metadata.escalate%d\",\"operator\":\"exists\"}"};
        return "{\"logic\":\"and\",\"conditions\":[" + c[i % c.length].formatted(i) + "]}";
    }

    /** The same 49 conditions, written by hand, as a developer would (patterns compiled once). */
    @SuppressWarnings("unchecked")
    static List<Predicate<Map<String, Object>>> handCoded() {
        List<Predicate<Map<String, Object>>> out = new ArrayList<>();
        for (int i = 0; i < RULES - 1; i++) {
            int n = i;
            Pattern order = Pattern.compile("^order\\s+#" + n + "\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            out.add(switch (i % 10) {
                case 0 -> m -> content(m).toLowerCase(Locale.ROOT).contains("refund" + n);
                case 1 -> m -> content(m).toLowerCase(Locale.ROOT).startsWith("cancel" + n);
                case 2 -> m -> order.matcher(content(m)).find();
                case 3 -> m -> metadata(m).get("priority") instanceof Number p && p.doubleValue() > n * 100.0;
                case 4 -> m -> ("sms" + n).equals(metadata(m).get("channel"));
                case 5 -> m -> List.of("billing" + n, "legal" + n).contains(((Map<String, Object>) m.get("context")).get("topic"));
                case 6 -> m -> metadata(m).get("tags") instanceof List<?> tags && tags.contains("vip" + n);
                case 7 -> m -> content(m).length() >= n * 1000;
                case 8 -> m -> ("handoff" + n).equals(m.get("conversationState"));
                default -> m -> metadata(m).get("escalate" + n) != null;
            });
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> root) {
        return (Map<String, Object>) ((Map<String, Object>) root.get("message")).get("metadata");
    }

    @SuppressWarnings("unchecked")
    private static String content(Map<String, Object> root) {
        return (String) ((Map<String, Object>) root.get("message")).get("content");
    }

    private static Map<String, Object> message(int i) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("priority", i % 7);
        metadata.put("channel", "web");
        metadata.put("tags", List.of("new", "trial"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "m" + i);
        m.put("content", "Hello, can you help me with my account number " + i + "?");
        m.put("metadata", metadata);
        return m;
    }

    private static Run run(Map<String, Object> message) {
        return new Run("org-1", "conv-1", "bench", "message.received", message, Map.of("id", "u1"), Map.of(),
                List.of(), "ai_active", Map.of("topic", "general"));
    }

    private static void throughput(StringBuilder report, long seconds) {
        RuleSet set = RuleSet.parse(JSON.readValue("{\"rules\":[" + conditionsJson() + ",{\"id\":\"default\","
                + "\"trigger\":\"message.received\",\"isDefault\":true,\"actions\":[{\"type\":\"message.send\","
                + "\"params\":{\"content\":\"Default answer for {{message.id}}\"}}]}]}", Object.class));
        RuleEngine engine = new RuleEngine(ask -> {
            throw new ActionFailure("no model in this part");
        });
        List<Predicate<Map<String, Object>>> hand = handCoded();
        Map<String, Object>[] messages = new Map[64];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = message(i);
        }
        // sanity: both sides pick the default rule for every message
        for (Map<String, Object> m : messages) {
            RunResult r = engine.run(set, run(m));
            if (!"default".equals(r.matchedRule()) || r.rulesEvaluated() != RULES) {
                throw new IllegalStateException("the engine matched " + r.matchedRule() + " after " + r.rulesEvaluated());
            }
            if (hand.stream().anyMatch(p -> p.test(root(m)))) {
                throw new IllegalStateException("a hand-coded condition matched");
            }
        }
        long sink = 0;
        double engineRate = 0;
        double handRate = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up both
            long until = System.nanoTime() + seconds * 1_000_000_000L;
            long count = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() < until) {
                for (Map<String, Object> m : messages) {
                    sink += engine.run(set, run(m)).rulesEvaluated();
                    count++;
                }
            }
            engineRate = count / ((System.nanoTime() - t0) / 1e9);
            until = System.nanoTime() + seconds * 1_000_000_000L;
            count = 0;
            t0 = System.nanoTime();
            while (System.nanoTime() < until) {
                for (Map<String, Object> m : messages) {
                    Map<String, Object> root = root(m);
                    int evaluated = 0;
                    String reply = null;
                    for (Predicate<Map<String, Object>> p : hand) {
                        evaluated++;
                        if (p.test(root)) {
                            reply = "rule";
                            break;
                        }
                    }
                    if (reply == null) {
                        evaluated++;
                        reply = "Default answer for " + m.get("id");
                    }
                    sink += evaluated + reply.length();
                    count++;
                }
            }
            handRate = count / ((System.nanoTime() - t0) / 1e9);
        }
        report.append("## Rule evaluation throughput (one thread, ").append(RULES).append(" rules, all evaluated per message)\n\n")
                .append("| | messages/s | rule evaluations/s | ratio to hand-coded |\n|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| RuleEngine (real) | %,.0f | %,.0f | %.3f× |%n", engineRate,
                        engineRate * RULES, engineRate / handRate))
                .append(String.format(Locale.ROOT, "| hand-coded Java (baseline) | %,.0f | %,.0f | 1× |%n", handRate,
                        handRate * RULES))
                .append(String.format(Locale.ROOT, "%nTarget: ≥ 20,000 rule evaluations/s per core. (checksum %d)%n%n", sink % 10));
    }

    private static Map<String, Object> root(Map<String, Object> message) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("message", message);
        root.put("context", Map.of("topic", "general"));
        root.put("conversationState", "ai_active");
        return root;
    }

    // ---- 2. latency to the first streamed delta

    /** A streamed chat on integrations' wire (what IntegrationsLlm reads), the first delta handed on at once. */
    static final class WireLlm implements Llm {
        private final OkHttpClient http = new OkHttpClient();
        private final String url;

        WireLlm(String url) {
            this.url = url;
        }

        @Override
        public Answer chat(Ask ask) {
            return chat(ask, d -> { });
        }

        @Override
        public Answer chat(Ask ask, Consumer<String> deltas) {
            Request request = new Request.Builder().url(url).post(RequestBody.create(JSON.writeValueAsString(Map.of(
                    "operation", "chat.completions", "stream", true, "params", Map.of("messages", ask.messages()))),
                    MediaType.get("application/json"))).build();
            StringBuilder content = new StringBuilder();
            try (Response response = http.newCall(request).execute()) {
                BufferedSource source = response.body().source();
                String line;
                while ((line = source.readUtf8Line()) != null) {
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    JsonNode frame = JSON.readTree(line.substring(6));
                    if (frame.path("done").asBoolean(false)) {
                        return new Answer(content.toString(), "fake", "fake-1", Map.of());
                    }
                    String delta = frame.path("content").asString("");
                    content.append(delta);
                    deltas.accept(delta);
                }
            } catch (IOException e) {
                throw new ActionFailure("unreachable");
            }
            throw new ActionFailure("cut");
        }
    }

    private static void latency(StringBuilder report, int samples) throws IOException {
        try (MockWebServer integrations = new MockWebServer()) {
            integrations.start();
            WireLlm llm = new WireLlm(integrations.url("/api/internal/execute").toString());
            RuleSet set = RuleSet.parse(JSON.readValue("{\"rules\":[" + conditionsJson() + ",{\"id\":\"default\","
                    + "\"trigger\":\"message.received\",\"isDefault\":true,\"actions\":["
                    + "{\"id\":\"ans\",\"type\":\"llm.invoke\",\"params\":{\"systemPrompt\":\"Be brief.\"}},"
                    + "{\"type\":\"message.send\",\"params\":{\"content\":\"{{steps.ans.response}}\"}}]}]}", Object.class));
            RuleEngine engine = new RuleEngine(llm);
            Samples direct = new Samples();
            Samples viaEngine = new Samples();
            int warmup = Math.max(50, samples / 5);
            for (int i = 0; i < warmup + samples; i++) {
                boolean measured = i >= warmup;
                enqueue(integrations);
                long[] first = {0};
                long t0 = System.nanoTime();
                llm.chat(new Llm.Ask("org-1", "assistant:bench", null, null, null, 64,
                        List.of(Map.of("role", "user", "content", "hi"))), d -> {
                            if (first[0] == 0) {
                                first[0] = System.nanoTime();
                            }
                        });
                if (measured) {
                    direct.add(first[0] - t0);
                }
                enqueue(integrations);
                long[] firstDelta = {0};
                long t1 = System.nanoTime();
                RunResult r = engine.run(set, run(message(i)).streamReplyTo(d -> {
                    if (firstDelta[0] == 0) {
                        firstDelta[0] = System.nanoTime();
                    }
                }));
                if (firstDelta[0] == 0 || r.results().stream().anyMatch(a -> !a.ok())) {
                    throw new IllegalStateException("the engine's reply did not stream: " + r.results());
                }
                if (measured) {
                    viaEngine.add(firstDelta[0] - t1);
                }
            }
            report.append("## Added latency to the first streamed delta (").append(samples).append(" samples each, alternating)\n\n")
                    .append("| | p50 | p95 | p99 |\n|---|---|---|---|\n")
                    .append(row("direct streamed call to (fake) integrations (baseline)", direct))
                    .append(row("message → RuleEngine (50 rules) → llm.invoke → first delta", viaEngine))
                    .append(String.format(Locale.ROOT, "%nAdded p50: %s ms (target ≤ 15 ms); added p95: %s ms. "
                            + "Not included: the network hops and the reply's two database round trips (see the class comment).%n",
                            Samples.ms(viaEngine.percentile(50) - direct.percentile(50)),
                            Samples.ms(viaEngine.percentile(95) - direct.percentile(95))));
        }
    }

    private static String row(String name, Samples s) {
        return "| " + name + " | " + Samples.ms(s.percentile(50)) + " ms | " + Samples.ms(s.percentile(95)) + " ms | "
                + Samples.ms(s.percentile(99)) + " ms |\n";
    }

    private static void enqueue(MockWebServer server) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .addHeader("Transfer-Encoding", "chunked").body(new ScriptedBody()
                        .write("data: {\"content\":\"Hello\"}\n\n").write("data: {\"content\":\" there\"}\n\n")
                        .write("data: {\"done\":true,\"provider\":\"fake\",\"model\":\"fake-1\"}\n\n")).build());
    }
}
