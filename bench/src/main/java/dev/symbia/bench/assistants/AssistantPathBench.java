package dev.symbia.bench.assistants;

import dev.symbia.bench.Args;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.Samples;
import dev.symbia.bench.StreamClient;
import dev.symbia.bench.StreamClient.Target;
import dev.symbia.bench.StreamResult;
import dev.symbia.bench.integrations.FakeProvider;
import dev.symbia.bench.stack.Stack;
import dev.symbia.bench.stack.StackReport;
import dev.symbia.bench.stack.StackUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The assistants issue's latency target on the whole path (issue 23): a real stack started as processes
 * ({@link Stack}, as {@code ChatPathBench} does, the fake provider as SambaNova), one user who publishes a rule-driven
 * assistant in the catalog (one rule: {@code llm.invoke}, streamed, then {@code message.send} of its answer), grants
 * its agent what it declares, adds it to a conversation and subscribes to that conversation's live events (SSE through
 * the gateway). A sample is the user posting a message ({@code POST /api/messaging/conversations/{id}/messages}) until
 * the first {@code message:delta} of the assistant's reply reaches the subscriber: gateway → messaging (stores the
 * message) → network → assistants (claim, state, grants, rules) → integrations → fake, and the delta's way back through
 * integrations → assistants → network → messaging → gateway. Baseline, alternating with it: the same fake streamed
 * through integrations directly ({@code POST /api/execute}, {@code stream: true}, the call {@code llm.invoke} makes),
 * request sent → first content frame. Then CPU per reply per process against CPU per direct call.
 */
public final class AssistantPathBench {

    private static final String USAGE = """
            AssistantPathBench: message post → first message:delta of an assistant's streamed reply (whole stack)
            vs the same provider streamed through integrations directly.

              java -cp bench/target/benchmarks.jar dev.symbia.bench.assistants.AssistantPathBench [options]

              --no-build             pass --no-build to start.sh (use the service jars as they are)
              --chunks N             content chunks per stream       [20]
              --first-chunk-ms N     provider delay to first chunk   [100]
              --interval-ms N        provider gap between chunks     [20]
              --warmup N             unmeasured pairs (reply + direct call) first [1000]
              --warmup-parallel N    conversations warming up at once [8]
              --samples N            measured pairs, alternating     [100]
              --cpu-replies N        replies, then as many direct calls, for CPU per reply [100]
              --timeout-s N          per-sample time limit           [60]
              --out FILE             also write the report (markdown) here
              --label TEXT           what was measured, for the report
              --jvm-opts TEXT        SYMBIA_JAVA_OPTS of every service [full tiered JIT,
                                     SerialGC, 64-256 MB heaps]
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROMPT = "Count to twenty, one word per token.";

    private AssistantPathBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        String loadBefore = MachineCpu.loadAverage();
        StringBuilder report = new StringBuilder();
        int exit = 0;
        try (FakeProvider fake = new FakeProvider(0, options.chunks, Duration.ofMillis(options.firstChunkMs),
                Duration.ofMillis(options.intervalMs));
             StreamClient client = new StreamClient(Duration.ofSeconds(options.timeoutS));
             Stack stack = Stack.start("assistant-path", options.noBuild, options.jvmOpts, fake)) {
            header(report, options, loadBefore, stack);
            exit = StackReport.measure(report, () -> {
                StackUser user = StackUser.register(stack.gatewayUrl(), "assistant-bench");
                Api api = new Api(stack.gatewayUrl(), user);
                String key = "bench" + UUID.randomUUID().toString().substring(0, 8);
                publishAndGrant(api, key);
                String conversation = conversationWith(api, key);
                Target direct = new Target("integrations /api/execute", URI.create(stack.serviceUrl("integrations")
                        + "/api/execute"), user::token, "{\"operation\":\"chat.completions\",\"stream\":true,"
                        + "\"params\":{\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}}", false);
                warmUp(options, api, key, user, stack.gatewayUrl(), client, direct);
                try (Subscriber live = Subscriber.open(stack.gatewayUrl(), conversation, user, "assistant:" + key)) {
                    latency(report, options, api, conversation, live, client, direct, fake);
                    cpu(report, options, api, conversation, live, client, direct, stack);
                }
            });
            StackReport.footer(report, stack);
        } catch (Exception e) {
            StackReport.failedBeforeMeasuring(report, options.out, e);
            throw e;
        }
        StackReport.publish(report, options.out);
        System.exit(exit);
    }

    // ------------------------------------------------------------------------------------------
    // Set-up, as a person does it through the gateway (the e2e AssistantStreamIT's steps)

    private static void publishAndGrant(Api api, String key) throws Exception {
        String resource = """
                {"key":"bench/%s","name":"Bench streamer","type":"assistant","description":"Answers with the model",
                 "accessPolicy":{"visibility":"public","actions":{"read":{"anyOf":["public"]},
                   "write":{"anyOf":["role:admin"]},"publish":{"anyOf":["role:admin"]},"delete":{"anyOf":["role:admin"]}}},
                 "metadata":{"assistantConfig":{"principalId":"assistant:%s","principalType":"assistant",
                   "capabilities":["cap:messaging.write","cap:integrations.execute"]},
                  "ruleSet":{"rules":[{"id":"answer","name":"Answer","trigger":"message.received",
                   "actions":[{"id":"ans","type":"llm.invoke","params":{"systemPrompt":"Be brief."}},
                              {"type":"message.send","params":{"content":"{{steps.ans.response}}"}}]}]}}}"""
                .formatted(key, key);
        JsonNode created = api.expect("POST", "/api/catalog/resources", resource, 201);
        api.expect("POST", "/api/catalog/resources/" + created.path("id").asString() + "/publish", "{}", 201);
        log("published assistant %s; waiting for assistants to load it", key);
        until(Duration.ofSeconds(90), () -> api.call("GET", "/api/assistants/assistants/" + key, null).statusCode() == 200,
                "assistants never loaded the published assistant " + key);
        JsonNode agent = api.expect("GET", "/api/assistants/assistants/" + key + "/agent", null, 200);
        api.expect("PUT", "/api/identity/agents/" + agent.path("agentRowId").asString() + "/capabilities",
                "{\"capabilities\":" + agent.path("missing") + "}", 200);
        // Assistants reuses an agent token for up to 30 s: the grant shows once it asks identity again.
        until(Duration.ofSeconds(90), () -> JSON.readTree(api.call("GET", "/api/assistants/assistants/" + key + "/agent",
                null).body()).path("missing").isEmpty(), "the grant never reached assistants");
        log("granted %s", agent.path("missing"));
    }

    private static String conversationWith(Api api, String key) throws Exception {
        String id = api.expect("POST", "/api/messaging/conversations", "{\"type\":\"group\",\"name\":\"Assistant bench\"}",
                201).path("id").asString();
        api.expect("POST", "/api/messaging/conversations/" + id + "/participants",
                "{\"principalId\":\"assistant:" + key + "\",\"principalType\":\"agent\"}", 201);
        return id;
    }

    // ------------------------------------------------------------------------------------------
    // Measurement

    /** Time to the reply's first delta, the way in (post → request at the fake) and back (first chunk → delta). */
    private record Reply(long firstDelta, long wayIn, long wayBack) {
    }

    private static Reply reply(Api api, String conversation, Subscriber live, FakeProvider fake, Duration timeout)
            throws Exception {
        live.frames.clear();
        String body = "{\"content\":\"" + PROMPT + "\"}";
        long sent = System.nanoTime();
        HttpResponse<String> posted = api.call("POST", "/api/messaging/conversations/" + conversation + "/messages", body);
        if (posted.statusCode() != 201) {
            throw new IllegalStateException("post: HTTP " + posted.statusCode() + " " + posted.body());
        }
        long deadline = sent + timeout.toNanos();
        Frame first = null;
        while (true) {
            Frame frame = live.frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new IllegalStateException("no " + (first == null ? "delta" : "stored reply") + " within " + timeout);
            }
            if (frame.failure != null) {
                throw new IllegalStateException("the live stream ended: " + frame.failure);
            }
            if (frame.delta && live.answered.contains(frame.messageId)) {
                continue; // a straggler of an earlier reply
            }
            if (first == null && frame.delta) {
                first = frame;
            } else if (first != null && !frame.delta && first.messageId.equals(frame.messageId)) {
                break; // the stored reply: the next sample starts from a quiet conversation
            } else if (first == null && !frame.delta) {
                throw new IllegalStateException("the assistant answered without streaming (" + frame.messageId + ")");
            }
        }
        live.answered.add(first.messageId);
        if (fake == null) {
            return new Reply(first.at - sent, -1, -1);
        }
        FakeProvider.Exchange exchange = fake.lastExchange();
        return new Reply(first.at - sent, exchange.arrived() - sent, first.at - exchange.firstChunkSent());
    }

    private static StreamResult direct(StreamClient client, Target direct) {
        StreamResult result = client.stream(direct);
        if (result.failure() != null || result.ttft() < 0) {
            throw new IllegalStateException("direct call to integrations failed: " + result.kind(0)
                    + (result.failure() != null ? " — " + result.failure() : ""));
        }
        return result;
    }

    /**
     * Unmeasured pairs (a reply, then a direct call) in {@code --warmup-parallel} conversations at once, each with its
     * own live subscriber. Every service on the path needs thousands of requests before its JIT has compiled them
     * (GatewayHopBench: the gateway's hop adds ~5 ms after 900 requests, ~0.7 ms after 4,000), which a hundred replies
     * one at a time (before session 12) did not give: the figures measured a partly warm stack.
     */
    private static void warmUp(Options options, Api api, String key, StackUser user, String gateway, StreamClient client,
            Target direct) throws Exception {
        if (options.warmup == 0) {
            return;
        }
        int parallel = Math.min(options.warmupParallel, options.warmup);
        Duration timeout = Duration.ofSeconds(options.timeoutS);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            conversations.add(conversationWith(api, key));
        }
        log("warm-up: %d pairs in %d conversations at once", options.warmup, parallel);
        long started = System.nanoTime();
        AtomicInteger left = new AtomicInteger(options.warmup);
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<Void>> runs = new ArrayList<>();
            for (String conversation : conversations) {
                runs.add(pool.submit(() -> {
                    try (Subscriber live = Subscriber.open(gateway, conversation, user, "assistant:" + key)) {
                        while (left.getAndDecrement() > 0) {
                            reply(api, conversation, live, null, timeout);
                            direct(client, direct);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> run : runs) {
                run.get();
            }
        }
        log("warm-up done in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    private static void latency(StringBuilder report, Options options, Api api, String conversation, Subscriber live,
            StreamClient client, Target direct, FakeProvider fake) throws Exception {
        Duration timeout = Duration.ofSeconds(options.timeoutS);
        log("measuring: %d pairs, alternating", options.samples);
        Samples viaAssistant = new Samples();
        Samples assistantIn = new Samples();
        Samples assistantBack = new Samples();
        Samples baseline = new Samples();
        Samples baselineIn = new Samples();
        Samples baselineBack = new Samples();
        for (int i = 0; i < options.samples; i++) {
            // Alternate which goes first, so neither always follows the other's tail.
            boolean assistantFirst = i % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == assistantFirst) {
                    Reply r = reply(api, conversation, live, fake, timeout);
                    viaAssistant.add(r.firstDelta());
                    assistantIn.add(r.wayIn());
                    assistantBack.add(r.wayBack());
                } else {
                    StreamResult s = direct(client, direct);
                    FakeProvider.Exchange exchange = fake.lastExchange();
                    baseline.add(s.ttft());
                    baselineIn.add(exchange.arrived() - s.startedNanos());
                    baselineBack.add(s.startedNanos() + s.ttft() - exchange.firstChunkSent());
                }
            }
        }
        report.append("\n### Message post → first streamed delta (").append(options.samples)
                .append(" samples per side, alternating, one at a time)\n\n");
        report.append("| | p50 (ms) | p99 (ms) |\n|---|---:|---:|\n");
        row(report, "direct: integrations `/api/execute` (stream) → first content frame (baseline)", baseline);
        row(report, "assistant: message post → first `message:delta` at a live subscriber", viaAssistant);
        row(report, "  way in, baseline: request sent → at the fake", baselineIn);
        row(report, "  way in, assistant: message post → assistant's model call at the fake", assistantIn);
        row(report, "  way back, baseline: first chunk → client", baselineBack);
        row(report, "  way back, assistant: first chunk → `message:delta` at the subscriber", assistantBack);
        double added50 = viaAssistant.percentile(50) - baseline.percentile(50);
        report.append("\n**Added latency** (assistant − direct): p50 **").append(Samples.deltaMs(viaAssistant.percentile(50),
                baseline.percentile(50))).append(" ms**, p99 **").append(Samples.deltaMs(viaAssistant.percentile(99),
                baseline.percentile(99))).append(" ms**. Target (issue 23): p50 ≤ 15 ms → **")
                .append(added50 / 1e6 <= 15 ? "met" : "missed").append("**. Way in added p50 ")
                .append(Samples.deltaMs(assistantIn.percentile(50), baselineIn.percentile(50))).append(" ms, way back added p50 ")
                .append(Samples.deltaMs(assistantBack.percentile(50), baselineBack.percentile(50))).append(" ms.\n");
    }

    private static void cpu(StringBuilder report, Options options, Api api, String conversation, Subscriber live,
            StreamClient client, Target direct, Stack stack) throws Exception {
        if (options.cpuReplies <= 0) {
            return;
        }
        Duration timeout = Duration.ofSeconds(options.timeoutS);
        log("CPU: %d replies, then %d direct calls", options.cpuReplies, options.cpuReplies);
        Map<String, Long> before = stack.cpuNanos();
        for (int i = 0; i < options.cpuReplies; i++) {
            reply(api, conversation, live, null, timeout);
        }
        Map<String, Long> afterReplies = stack.cpuNanos();
        for (int i = 0; i < options.cpuReplies; i++) {
            direct(client, direct);
        }
        Map<String, Long> afterDirect = stack.cpuNanos();
        report.append("\n### CPU per assistant reply, across the stack's processes\n\n")
                .append(options.cpuReplies).append(" replies one at a time (post, first delta, stored reply), from ")
                .append("`/proc/<pid>/stat` before and after; this JVM (client, subscriber, fake) is not counted.\n\n");
        long replies = Stack.cpuTable(report, before, afterReplies, options.cpuReplies, "reply");
        report.append("\nThe same number of direct streamed calls to integrations, for comparison:\n\n");
        long directs = Stack.cpuTable(report, afterReplies, afterDirect, options.cpuReplies, "direct call");
        report.append("\nCPU a reply adds over a direct call: ").append(String.format(Locale.ROOT, "%+.2f",
                (replies - directs) / 1e6 / options.cpuReplies)).append(" ms.\n");
    }

    private static void row(StringBuilder report, String name, Samples samples) {
        report.append("| ").append(name).append(" | ").append(Samples.ms(samples.percentile(50))).append(" | ")
                .append(Samples.ms(samples.percentile(99))).append(" |\n");
    }

    // ------------------------------------------------------------------------------------------
    // The conversation's live events (SSE through the gateway)

    /** A live event of interest: a delta of the assistant's reply, or the stored reply; or the stream's end. */
    private record Frame(boolean delta, String messageId, long at, String failure) {
    }

    /** Reads {@code GET /api/messaging/conversations/{id}/events} on its own thread, timestamping each frame as read. */
    private static final class Subscriber implements AutoCloseable {
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        /** Replies already stored (measured on the caller's thread only). */
        final java.util.Set<String> answered = new java.util.HashSet<>();
        private final InputStream in;
        private final Thread reader;

        private Subscriber(InputStream in, String assistant) {
            this.in = in;
            this.reader = Thread.ofPlatform().name("live-subscriber").daemon().start(() -> read(assistant));
        }

        static Subscriber open(String gateway, String conversation, StackUser user, String assistant) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/messaging/conversations/"
                    + conversation + "/events")).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + user.token()).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String body = new String(response.body().readNBytes(400), StandardCharsets.UTF_8);
                throw new IllegalStateException("live events: HTTP " + response.statusCode() + " " + body);
            }
            return new Subscriber(response.body(), assistant);
        }

        private void read(String assistant) {
            String event = null;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && event != null) {
                        long at = System.nanoTime();
                        if (event.equals("message:delta")) {
                            JsonNode data = JSON.readTree(line.substring(5).trim());
                            frames.add(new Frame(true, data.path("messageId").asString(""), at, null));
                        } else if (event.equals("message:new")) {
                            JsonNode data = JSON.readTree(line.substring(5).trim());
                            if (assistant.equals(data.path("senderId").asString(""))) {
                                frames.add(new Frame(false, data.path("id").asString(""), at, null));
                            }
                        }
                    } else if (line.isEmpty()) {
                        event = null;
                    }
                }
                frames.add(new Frame(false, "", System.nanoTime(), "closed by the server"));
            } catch (IOException | RuntimeException e) {
                frames.add(new Frame(false, "", System.nanoTime(), e.toString()));
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
            reader.interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    /** The user's JSON calls through the gateway. */
    private record Api(String gateway, StackUser user) {
        private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + user.token())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }

        JsonNode expect(String method, String path, String body, int status) throws IOException, InterruptedException {
            HttpResponse<String> response = call(method, path, body);
            if (response.statusCode() != status) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void until(Duration limit, Check check, String failure) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + limit);
            }
            Thread.sleep(500); // polling a state another process reaches; nothing is ordered by this
        }
    }

    private static void header(StringBuilder report, Options options, String loadBefore, Stack stack) {
        report.append("## AssistantPathBench — ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        report.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs visible to the JVM, Java ")
                .append(Runtime.version()).append("; client, subscriber, fake provider, PostgreSQL, the nine services and the ")
                .append("gateway share them. Load average before the run: ").append(loadBefore).append(".\n");
        report.append("- Fake provider (as SambaNova): first chunk after ").append(options.firstChunkMs).append(" ms, then ")
                .append(options.chunks).append(" content chunks ").append(options.intervalMs).append(" ms apart.\n");
        report.append("- Stack: `./start.sh --detach --yes").append(options.noBuild ? " --no-build" : "")
                .append("` with SYMBIA_JAVA_OPTS=\"").append(options.jvmOpts).append("\", SYMBIA_HOME=").append(stack.home())
                .append(". One registered user (org admin) publishes an assistant (one rule: streamed `llm.invoke`, ")
                .append("`message.send` of its answer), grants its agent `cap:messaging.write` and ")
                .append("`cap:integrations.execute`, adds it to a group conversation and follows the conversation's ")
                .append("live events over SSE through the gateway.\n");
        if (options.label != null) {
            report.append("- Build measured: ").append(options.label).append(".\n");
        }
        report.append("- Warm-up: ").append(options.warmup).append(" pairs (reply + direct call) in ")
                .append(options.warmupParallel).append(" conversations at once. Each sample waits for the stored reply before ")
                .append("the next starts, so replies never overlap.\n");
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[assistant-path] " + format + "%n", args);
    }

    /** Command-line options. */
    static final class Options {
        boolean help;
        boolean noBuild;
        int chunks = 20;
        int firstChunkMs = 100;
        int intervalMs = 20;
        int warmup = 1000;
        int warmupParallel = 8;
        int samples = 100;
        int cpuReplies = 100;
        int timeoutS = 60;
        String out;
        String label;
        String jvmOpts = Stack.DEPLOYED_JVM_OPTS;

        static Options parse(String[] args) {
            Args a = Args.parse(args, "no-build");
            Options o = new Options();
            o.help = a.help();
            o.noBuild = a.flag("no-build");
            o.chunks = a.integer("chunks", o.chunks, 1, 1000);
            o.firstChunkMs = a.integer("first-chunk-ms", o.firstChunkMs, 0, 30_000);
            o.intervalMs = a.integer("interval-ms", o.intervalMs, 0, 10_000);
            o.warmup = a.integer("warmup", o.warmup, 0, 100_000);
            o.warmupParallel = a.integer("warmup-parallel", o.warmupParallel, 1, 64);
            o.samples = a.integer("samples", o.samples, 1, 100_000);
            o.cpuReplies = a.integer("cpu-replies", o.cpuReplies, 0, 100_000);
            o.timeoutS = a.integer("timeout-s", o.timeoutS, 1, 600);
            o.out = a.string("out", null);
            o.label = a.string("label", null);
            o.jvmOpts = a.string("jvm-opts", o.jvmOpts);
            a.rejectUnknown();
            return o;
        }
    }
}
