package dev.symbia.integrations.provider.openai;

import static dev.symbia.test.provider.Wire.done;
import static dev.symbia.test.provider.Wire.frame;
import static dev.symbia.test.provider.Wire.hfReply;
import static dev.symbia.test.provider.Wire.keepAlive;
import static dev.symbia.test.provider.Wire.sambaDelta;
import static dev.symbia.test.provider.Wire.sambaFinish;
import static dev.symbia.test.provider.Wire.sambaReply;
import static dev.symbia.test.provider.Wire.sambaRole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.provider.ChatMessage;
import dev.symbia.integrations.provider.ChatParams;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.EventChannel;
import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.TimeoutProperties;
import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.support.OkHttpClients;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.provider.ScriptedBody;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI-compatible client against fakes speaking SambaNova's and HuggingFace's real stream format. */
class OpenAiCompatibleClientTests {

    private static final String SAMBA_MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final String HF_MODEL = "meta-llama/Llama-3.2-3B-Instruct";
    private static final String KEY = "sn-test-0123456789abcdef";

    private final TimeoutProperties timeouts = new TimeoutProperties(Duration.ofSeconds(2), Duration.ofMillis(1500),
            Duration.ofMillis(1500), Duration.ofSeconds(20));
    private final OkHttpClient http = OkHttpClients.forProviders(timeouts);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final JsonMapper json = JsonMapper.builder().build();
    private final OpenAiCompatibleClient client = new OpenAiCompatibleClient(http, json, timeouts, scheduler);
    private final FakeProvider fake = new FakeProvider();

    @AfterEach
    void close() {
        fake.close();
        scheduler.shutdownNow();
        http.dispatcher().executorService().shutdownNow();
    }

    @Test
    void streamsSambaNovaDeltasThenDoneWithUsage() throws Exception {
        fake.stream(sambaReply(SAMBA_MODEL, true, "Hel", "lo", " world"));

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events).containsExactly(
                new StreamEvent.Delta("Hel"), new StreamEvent.Delta("lo"), new StreamEvent.Delta(" world"),
                StreamEvent.Done.fromProvider(SAMBA_MODEL, "stop", new Usage(21, 3, 24)));
        RecordedRequest request = fake.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = json.readTree(request.getBody().utf8());
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("model").asString()).isEqualTo(SAMBA_MODEL);
        assertThat(body.path("messages").path(0).path("role").asString()).isEqualTo("user");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        // Not set by the caller, so not sent: the provider's defaults apply.
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("top_p")).isFalse();
        assertThat(body.has("seed")).isFalse();
    }

    @Test
    void streamWithoutUsageChunkEndsWithNoUsage() throws Exception {
        fake.stream(sambaReply(SAMBA_MODEL, false, "Hi"));

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events).containsExactly(new StreamEvent.Delta("Hi"),
                StreamEvent.Done.fromProvider(SAMBA_MODEL, "stop", null));
    }

    @Test
    void huggingFaceRouterStreamAndModelSuffixPassThrough() throws Exception {
        fake.stream(hfReply(HF_MODEL, true, "Bonjour", " !"));
        String routed = HF_MODEL + ":fastest";

        List<StreamEvent> events = drain(client.stream(provider("huggingface", HF_MODEL), "hf_testtoken", params(routed)));

        assertThat(events).containsExactly(new StreamEvent.Delta("Bonjour"), new StreamEvent.Delta(" !"),
                StreamEvent.Done.fromProvider(HF_MODEL, "stop", new Usage(15, 2, 17)));
        assertThat(json.readTree(fake.takeRequest().getBody().utf8()).path("model").asString()).isEqualTo(routed);
    }

    @Test
    void sendsOptionalParametersExactlyWhenSetEvenZero() throws Exception {
        fake.stream(sambaReply(SAMBA_MODEL, true, "ok"));
        ChatParams params = new ChatParams(SAMBA_MODEL, List.of(new ChatMessage("user", "hi")), 0.0, null, 0.5,
                List.of("END"), 42L);

        drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params));

        JsonNode body = json.readTree(fake.takeRequest().getBody().utf8());
        assertThat(body.path("temperature").isNumber()).isTrue();
        assertThat(body.path("temperature").asDouble()).isZero();
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.5);
        assertThat(body.path("stop").path(0).asString()).isEqualTo("END");
        assertThat(body.path("seed").asLong()).isEqualTo(42);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void framesSplitAcrossReadsAndKeepAliveCommentsAreHandled() throws Exception {
        String first = sambaDelta(SAMBA_MODEL, "Split ");
        ScriptedBody body = new ScriptedBody()
                .write(keepAlive())
                .write(sambaRole(SAMBA_MODEL))
                .write(first.substring(0, 40)).pause(60).write(first.substring(40, first.length() - 1)).pause(60)
                .write(first.substring(first.length() - 1))
                .write(keepAlive())
                .write(sambaDelta(SAMBA_MODEL, "frame ✓")).write(sambaFinish(SAMBA_MODEL, "length")).write(done());
        fake.stream(body);

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events).containsExactly(new StreamEvent.Delta("Split "), new StreamEvent.Delta("frame ✓"),
                StreamEvent.Done.fromProvider(SAMBA_MODEL, "length", null));
    }

    @Test
    void errorFrameMidStreamIsATerminalFailure() throws Exception {
        fake.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "Part"))
                .write(frame("{\"error\":{\"message\":\"Model is overloaded, please retry\",\"type\":\"server_error\","
                        + "\"code\":null}}"))
                .write(sambaDelta(SAMBA_MODEL, "never seen")).write(done()));

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new StreamEvent.Delta("Part"));
        ProviderFailure failure = ((StreamEvent.Failed) events.get(1)).failure();
        assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(failure.detail()).contains("overloaded");
    }

    @Test
    void streamEndingCleanlyWithoutDoneOrFinishIsAFailureNotASuccess() throws Exception {
        fake.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "The answer is")));

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events.get(0)).isEqualTo(new StreamEvent.Delta("The answer is"));
        ProviderFailure failure = ((StreamEvent.Failed) events.get(1)).failure();
        assertThat(failure.category()).isEqualTo(ErrorCategory.PROVIDER);
        assertThat(failure.detail()).contains("before the reply was complete");
    }

    @Test
    void connectionDroppedMidAnswerIsAFailure() throws Exception {
        fake.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "The answer is"))
                .cut());

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events.get(0)).isEqualTo(new StreamEvent.Delta("The answer is"));
        ProviderFailure failure = ((StreamEvent.Failed) events.get(1)).failure();
        assertThat(failure.category()).isEqualTo(ErrorCategory.PROVIDER);
        assertThat(failure.detail()).contains("interrupted");
    }

    @Test
    void huggingFace401IsAuthAndNeverEchoesTheKey() throws Exception {
        fake.error(401, "{\"error\":\"Invalid credentials in Authorization header: hf_testtoken\"}");

        ProviderFailure failure = failure(client.stream(provider("huggingface", HF_MODEL), "hf_testtoken", params(HF_MODEL)));

        assertThat(failure.category()).isEqualTo(ErrorCategory.AUTH);
        assertThat(failure.upstreamStatus()).isEqualTo(401);
        assertThat(failure.detail()).doesNotContain("hf_testtoken").contains("rejected the API key");
    }

    @Test
    void huggingFace402CreditsExhaustedIsQuota() throws Exception {
        fake.error(402, "{\"error\":\"You have exceeded your monthly included credits for Inference Providers. "
                + "Subscribe to PRO to get 20x more monthly included credits.\"}");

        ProviderFailure failure = failure(client.stream(provider("huggingface", HF_MODEL), "hf_testtoken", params(HF_MODEL)));

        assertThat(failure.category()).isEqualTo(ErrorCategory.QUOTA);
        assertThat(failure.detail()).contains("monthly included credits");
    }

    @Test
    void rateLimitKeepsRetryAfter() throws Exception {
        fake.error(429, "{\"error\":{\"message\":\"Rate limit exceeded for Meta-Llama-3.3-70B-Instruct\","
                + "\"type\":\"rate_limit_exceeded\",\"param\":null,\"code\":\"rate_limit_exceeded\"},"
                + "\"request_id\":\"req-7f1\"}", "Retry-After", "7");

        ProviderFailure failure = failure(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(failure.category()).isEqualTo(ErrorCategory.RATE_LIMIT);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(failure.detail()).contains("Rate limit exceeded");
    }

    @Test
    void serverErrorsBeforeTheStreamAreProviderOrUnavailable() throws Exception {
        fake.error(500, "{\"error\":{\"message\":\"Internal error while calling key " + KEY + "\",\"type\":\"server_error\"}}");
        fake.error(503, "<html><body>Service Temporarily Unavailable (maintenance)</body></html>");

        ProviderFailure internal = failure(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));
        ProviderFailure maintenance = failure(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(internal.category()).isEqualTo(ErrorCategory.PROVIDER);
        assertThat(internal.detail()).doesNotContain(KEY).contains("[redacted]");
        assertThat(maintenance.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(maintenance.detail()).doesNotContain("<html>").isEqualTo("The provider answered HTTP 503.");
    }

    @Test
    void slowFirstByteHitsTheFirstChunkTimeout() throws Exception {
        fake.stream(new ScriptedBody().pause(4_000).write(sambaRole(SAMBA_MODEL)).write(done()));

        ProviderFailure failure = failure(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(failure.detail()).contains("sent nothing within 1500ms");
    }

    @Test
    void silenceMidReplyHitsTheIdleTimeout() throws Exception {
        fake.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "Thinking"))
                .pause(4_000).write(done()));

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events.get(0)).isEqualTo(new StreamEvent.Delta("Thinking"));
        ProviderFailure failure = ((StreamEvent.Failed) events.get(1)).failure();
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(failure.detail()).contains("went silent");
    }

    @Test
    void aLiveButEndlessReplyHitsTheTotalTimeout() throws Exception {
        TimeoutProperties tight = new TimeoutProperties(Duration.ofSeconds(2), Duration.ofMillis(1500),
                Duration.ofMillis(1500), Duration.ofMillis(2500));
        OpenAiCompatibleClient tightClient = new OpenAiCompatibleClient(http, json, tight, scheduler);
        ScriptedBody endless = new ScriptedBody().write(sambaRole(SAMBA_MODEL));
        for (int i = 0; i < 40; i++) {
            endless.write(sambaDelta(SAMBA_MODEL, ".")).pause(100);
        }
        fake.stream(endless.write(done()));

        List<StreamEvent> events = drain(tightClient.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        ProviderFailure failure = ((StreamEvent.Failed) events.getLast()).failure();
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(failure.detail()).contains("longer than 2500ms");
        assertThat(events.size()).isBetween(2, 40);
    }

    @Test
    void cancellingClosesTheProviderConnectionWithinASecond() throws Exception {
        ScriptedBody body = new ScriptedBody().write(sambaRole(SAMBA_MODEL));
        for (int i = 0; i < 200; i++) {
            body.write(sambaDelta(SAMBA_MODEL, "tok" + i + " ")).pause(50);
        }
        fake.stream(body.write(done()));
        EventChannel channel = client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL));
        assertThat(channel.poll(Duration.ofSeconds(5))).isEqualTo(new StreamEvent.Delta("tok0 "));
        assertThat(channel.poll(Duration.ofSeconds(5))).isEqualTo(new StreamEvent.Delta("tok1 "));

        long cancelledAt = System.nanoTime();
        channel.cancel();

        long goneAt = body.clientGone().get(3, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(goneAt - cancelledAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(body.finished()).isFalse();
    }

    @Test
    void aServerIgnoringStreamTrueStillWorks() throws Exception {
        fake.error(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"" + SAMBA_MODEL + "\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Whole reply\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}");

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events).containsExactly(new StreamEvent.Delta("Whole reply"),
                StreamEvent.Done.fromProvider(SAMBA_MODEL, "stop", new Usage(5, 2, 7)));
    }

    @Test
    void unreachableProviderIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderConfig nowhere = new ProviderConfig("openai", HttpUrl.get("http://127.0.0.1:" + closedPort + "/v1"),
                "m", List.of(), true, true);

        ProviderFailure failure = failure(client.stream(nowhere, KEY, params("m")));

        assertThat(failure.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
    }

    @Test
    void toolCallFragmentsAreNormalisedToIdAndNameOnce() throws Exception {
        // A server that repeats id and name on every fragment, and one that leaves out the index.
        String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + SAMBA_MODEL
                + "\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[%s]},\"finish_reason\":null}]}";
        fake.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL))
                .write(frame(chunk.formatted("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}")))
                .write(frame(chunk.formatted("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"f\",\"arguments\":\"1}\"}}")))
                .write(frame(chunk.formatted("{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"g\","
                        + "\"arguments\":\"{}\"}}")))
                .write(frame(chunk.formatted("{\"id\":\"call_b\",\"function\":{\"arguments\":\" \"}}")))
                .write(sambaFinish(SAMBA_MODEL, "tool_calls")).write(done()));

        List<StreamEvent> events = drain(client.stream(provider("sambanova", SAMBA_MODEL), KEY, params(SAMBA_MODEL)));

        assertThat(events).hasSize(5);
        assertThat(events.get(0)).isEqualTo(new StreamEvent.ToolCallDelta(0, "call_a", "f", "{\"x\":"));
        assertThat(events.get(1)).isEqualTo(new StreamEvent.ToolCallDelta(0, null, null, "1}"));
        // No index: a new id is the next call, the same id again continues it.
        assertThat(events.get(2)).isEqualTo(new StreamEvent.ToolCallDelta(1, "call_b", "g", "{}"));
        assertThat(events.get(3)).isEqualTo(new StreamEvent.ToolCallDelta(1, null, null, " "));
        assertThat(((StreamEvent.Done) events.get(4)).finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aKeyNoHeaderCanCarryIsRefusedBeforeAnyRequest() throws Exception {
        ProviderFailure failure = failure(client.stream(provider("sambanova", SAMBA_MODEL), "sk-abc\r\nX: y",
                params(SAMBA_MODEL)));

        assertThat(failure.category()).isEqualTo(ErrorCategory.CREDENTIAL);
        assertThat(failure.category().status().value()).isEqualTo(422);
        assertThat(failure.detail()).contains("sambanova").doesNotContain("sk-abc");
        assertThat(client.listModels(provider("sambanova", null), "k\u00e9y", Duration.ofSeconds(1)).problem())
                .contains("non-ASCII");
        assertThat(fake.drainChatRequests()).isEmpty();
    }

    @Test
    void listsModels() {
        fake.models("llama-3-2-1b-instruct-q4-k-m", "qwen2-0-5b");

        assertThat(client.listModels(provider("local", null), null, Duration.ofSeconds(2)).ids())
                .containsExactly("llama-3-2-1b-instruct-q4-k-m", "qwen2-0-5b");
    }

    private ProviderConfig provider(String name, String defaultModel) {
        return new ProviderConfig(name, HttpUrl.get(fake.baseUrl()), defaultModel, List.of(), true, true);
    }

    private static ChatParams params(String model) {
        return new ChatParams(model, List.of(new ChatMessage("user", "Say hello")), null, 64, null, null, null);
    }

    private static List<StreamEvent> drain(EventChannel channel) throws InterruptedException {
        List<StreamEvent> events = new ArrayList<>();
        while (true) {
            StreamEvent event = channel.poll(Duration.ofSeconds(10));
            assertThat(event).as("event %d", events.size()).isNotNull();
            events.add(event);
            if (event.terminal()) {
                return events;
            }
        }
    }

    private static ProviderFailure failure(EventChannel channel) throws InterruptedException {
        List<StreamEvent> events = drain(channel);
        assertThat(events).hasSize(1);
        return ((StreamEvent.Failed) events.getFirst()).failure();
    }
}
