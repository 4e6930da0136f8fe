package dev.symbia.e2e;

import static dev.symbia.e2e.support.ChatFrames.content;
import static dev.symbia.e2e.support.ChatFrames.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headline flow through the running stack (SPEC §4): {@code POST /api/messaging/send} through the
 * gateway, messaging, integrations and a fake SambaNova speaking the real wire format, and back.
 */
@ExtendWith(StackExtension.class)
class ChatStreamIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final Duration FRAME_WAIT = Duration.ofSeconds(15);

    // Two accounts for the whole class (identity rate-limits registrations); each chat starts its own conversation.
    private static Account owner;
    private static Account stranger;

    private SymbiaStack stack;
    private Gateway gateway;
    private FakeProvider provider;

    @BeforeEach
    void setUp(SymbiaStack stack, Gateway gateway) {
        this.stack = stack;
        this.gateway = gateway;
        this.provider = stack.provider();
        provider.reset();
        if (owner == null) {
            owner = Account.register(gateway, "chat");
            stranger = Account.register(gateway, "chat-stranger");
        }
    }

    @Test
    void tokensArriveOneByOneAndBothTurnsArePersisted() throws Exception {
        Account account = owner;
        CountDownLatch secondMayGo = new CountDownLatch(1);
        CountDownLatch thirdMayGo = new CountDownLatch(1);
        provider.stream(new ScriptedBody().write(Wire.sambaRole(MODEL))
                .write(Wire.sambaDelta(MODEL, "Hel")).gate(secondMayGo)
                .write(Wire.sambaDelta(MODEL, "lo, ")).gate(thirdMayGo)
                .write(Wire.sambaDelta(MODEL, "world")).write(Wire.sambaFinish(MODEL, "stop"))
                .write(Wire.sambaUsage(MODEL, 12, 3)).write(Wire.done()));

        try (SseClient chat = send(account, "{\"content\":\"hello\"}")) {
            assertThat(chat.status()).isEqualTo(200);
            assertThat(chat.header("content-type")).startsWith("text/event-stream");
            String conversationId = chat.header("x-conversation-id");
            String messageId = chat.header("x-message-id");
            assertThat(conversationId).isNotBlank();
            assertThat(messageId).isNotBlank();

            // Frame k reaches the client while the fake is still holding frame k+1 back.
            assertThat(content(chat.next(FRAME_WAIT))).isEqualTo("Hel");
            secondMayGo.countDown();
            assertThat(content(chat.next(FRAME_WAIT))).isEqualTo("lo, ");
            thirdMayGo.countDown();
            assertThat(content(chat.next(FRAME_WAIT))).isEqualTo("world");
            JsonNode done = JSON.readTree(chat.next(FRAME_WAIT));
            assertThat(done.path("done").asBoolean()).isTrue();
            assertThat(done.path("conversationId").asString()).isEqualTo(conversationId);
            assertThat(done.path("messageId").asString()).isEqualTo(messageId);
            assertThat(done.path("provider").asString()).isEqualTo("sambanova");
            assertThat(done.path("finishReason").asString()).isEqualTo("stop");
            assertThat(done.path("usage").path("promptTokens").asInt()).isEqualTo(12);
            assertThat(done.path("usage").path("completionTokens").asInt()).isEqualTo(3);
            List<String> usageFields = new ArrayList<>(done.path("usage").propertyNames());
            assertThat(usageFields).containsExactlyInAnyOrder("promptTokens", "completionTokens", "totalTokens");
            assertThat(chat.next(Duration.ofSeconds(5))).as("the stream ends after done").isNull();

            JsonNode messages = messages(account, conversationId);
            assertThat(messages).hasSize(2);
            JsonNode reply = byId(messages, messageId);
            assertThat(reply.path("content").asString()).isEqualTo("Hello, world");
            assertThat(reply.path("status").asString()).isEqualTo("complete");
            assertThat(reply.path("senderId").asString()).isEqualTo("assistant:coordinator");
            assertThat(contents(messages)).contains("hello", "Hello, world");
        }
    }

    @Test
    void oneChatIsOneTraceAcrossGatewayMessagingAndIntegrations() throws Exception {
        provider.stream(Wire.sambaReply(MODEL, true, "Traced ", "reply"));
        String conversationId;
        String messageId;
        try (SseClient chat = send(owner, "{\"content\":\"trace me\"}")) {
            conversationId = chat.header("x-conversation-id");
            messageId = chat.header("x-message-id");
            drain(chat, FRAME_WAIT);
        }
        String traceId = byId(messages(owner, conversationId), messageId).path("traceId").asString();
        assertThat(traceId).as("the reply carries its request's trace id").matches("[0-9a-f]{32}");

        // Platform telemetry belongs to the system org: the super admin reads it through logging.
        Gateway.Response login = gateway.post("/api/identity/auth/login", "application/json",
                "{\"email\":\"" + stack.adminEmail() + "\",\"password\":\"" + stack.adminPassword() + "\"}");
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        String admin = "Bearer " + login.json().path("token").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Gateway.Response trace = gateway.get("/api/logging/traces/" + traceId, "Authorization", admin);
            assertThat(trace.status()).as("%s", trace).isEqualTo(200);
            List<String> services = new ArrayList<>();
            trace.json().path("services").forEach(s -> services.add(s.asString()));
            assertThat(services).as("%s", trace).contains("gateway", "messaging", "integrations");
        });
    }

    @Test
    void theSecondTurnSendsTheConversationAsHistory() throws Exception {
        Account account = owner;
        provider.stream(Wire.sambaReply(MODEL, true, "First ", "answer"));
        String conversationId;
        try (SseClient first = send(account, "{\"content\":\"first question\"}")) {
            conversationId = first.header("x-conversation-id");
            drain(first, FRAME_WAIT);
        }
        provider.drainChatRequests();
        provider.stream(Wire.sambaReply(MODEL, true, "Second"));
        try (SseClient second = send(account,
                "{\"content\":\"second question\",\"conversationId\":\"" + conversationId + "\"}")) {
            assertThat(second.header("x-conversation-id")).isEqualTo(conversationId);
            List<String> frames = drain(second, FRAME_WAIT);
            assertThat(JSON.readTree(frames.getLast()).path("done").asBoolean()).isTrue();
        }
        List<RecordedRequest> requests = provider.drainChatRequests();
        assertThat(requests).hasSize(1);
        JsonNode sent = JSON.readTree(requests.getFirst().getBody().utf8()).path("messages");
        List<String> roles = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        sent.forEach(m -> {
            roles.add(m.path("role").asString());
            texts.add(m.path("content").asString());
        });
        assertThat(roles).containsExactly("system", "user", "assistant", "user");
        assertThat(texts.subList(1, 4)).containsExactly("first question", "First answer", "second question");
        assertThat(messages(account, conversationId)).hasSize(4);
    }

    @Test
    void emptyContentIsRefusedBeforeAnyStream() {
        Account account = owner;
        Gateway.Response response = gateway.post("/api/messaging/send", "application/json", "{\"content\":\"  \"}",
                "Authorization", "Bearer " + account.token());
        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(provider.drainChatRequests()).isEmpty();

        Gateway.Response anonymous = gateway.post("/api/messaging/send", "application/json", "{\"content\":\"hi\"}");
        assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
        assertThat(anonymous.isProblem()).isTrue();
    }

    @Test
    void anotherOrgsConversationIsNotFound() throws Exception {
        provider.stream(Wire.sambaReply(MODEL, true, "mine"));
        String conversationId;
        try (SseClient chat = send(owner, "{\"content\":\"private thoughts\"}")) {
            conversationId = chat.header("x-conversation-id");
            drain(chat, FRAME_WAIT);
        }
        Gateway.Response response = gateway.post("/api/messaging/send", "application/json",
                "{\"content\":\"let me in\",\"conversationId\":\"" + conversationId + "\"}",
                "Authorization", "Bearer " + stranger.token());
        assertThat(response.status()).as("%s", response).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
        Gateway.Response listing = gateway.get("/api/messaging/conversations/" + conversationId + "/messages",
                "Authorization", "Bearer " + stranger.token());
        assertThat(listing.status()).as("%s", listing).isEqualTo(404);
    }

    @Test
    void aProviderFailingBeforeTheFirstByteGivesAnErrorFrame() throws Exception {
        Account account = owner;
        String unavailable = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";
        provider.error(503, unavailable).error(503, unavailable).error(503, unavailable);
        try (SseClient chat = send(account, "{\"content\":\"are you there?\"}")) {
            assertThat(chat.status()).isEqualTo(200);
            List<String> frames = drain(chat, FRAME_WAIT);
            JsonNode last = JSON.readTree(frames.getLast());
            assertThat(last.has("error")).as("frames: %s", frames).isTrue();
            assertThat(last.path("code").asString()).isNotBlank();
            assertThat(last.path("details").asString()).doesNotContain("Exception");
            JsonNode reply = byId(messages(account, chat.header("x-conversation-id")), chat.header("x-message-id"));
            assertThat(reply.path("status").asString()).isEqualTo("incomplete");
        }
    }

    @Test
    void aStreamCutMidAnswerGivesAnErrorFrameAndKeepsThePartialReply() throws Exception {
        Account account = owner;
        provider.stream(new ScriptedBody().write(Wire.sambaRole(MODEL)).write(Wire.sambaDelta(MODEL, "Partial "))
                .write(Wire.sambaDelta(MODEL, "answ")).pause(200).cut());
        try (SseClient chat = send(account, "{\"content\":\"tell me everything\"}")) {
            List<String> frames = drain(chat, FRAME_WAIT);
            assertThat(frames).hasSizeGreaterThanOrEqualTo(3);
            assertThat(content(frames.get(0)) + content(frames.get(1))).isEqualTo("Partial answ");
            JsonNode last = JSON.readTree(frames.getLast());
            assertThat(last.has("error")).as("frames: %s", frames).isTrue();
            JsonNode reply = byId(messages(account, chat.header("x-conversation-id")), chat.header("x-message-id"));
            assertThat(reply.path("content").asString()).isEqualTo("Partial answ");
            assertThat(reply.path("status").asString()).isEqualTo("incomplete");
        }
    }

    @Test
    void closingTheClientMidStreamClosesTheProviderConnectionWithinASecond() throws Exception {
        Account account = owner;
        ScriptedBody body = new ScriptedBody().write(Wire.sambaRole(MODEL)).write(Wire.sambaDelta(MODEL, "Once "))
                .write(Wire.sambaDelta(MODEL, "upon"));
        for (int i = 0; i < 300; i++) { // a long, slow answer
            body.pause(100).write(Wire.keepAlive());
        }
        provider.stream(body.write(Wire.done()));
        String conversationId;
        String messageId;
        long hungUp;
        try (SseClient chat = send(account, "{\"content\":\"a long story please\"}")) {
            conversationId = chat.header("x-conversation-id");
            messageId = chat.header("x-message-id");
            assertThat(content(chat.next(FRAME_WAIT))).isEqualTo("Once ");
            assertThat(content(chat.next(FRAME_WAIT))).isEqualTo("upon");
            hungUp = System.nanoTime();
        }
        long gone = body.clientGone().get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(gone - hungUp)).as("provider connection closed after the client hung up")
                .isLessThan(Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode reply = byId(messages(account, conversationId), messageId);
            assertThat(reply.path("status").asString()).isEqualTo("cancelled");
            assertThat(reply.path("content").asString()).isEqualTo("Once upon");
            assertThat(reply.path("metadata").path("finishReason").asString()).isEqualTo("cancelled");
        });
    }

    private SseClient send(Account account, String body) throws Exception {
        return SseClient.post(stack.gatewayUrl() + "/api/messaging/send", body, "Authorization", "Bearer " + account.token());
    }

    private JsonNode messages(Account account, String conversationId) {
        Gateway.Response response = gateway.get("/api/messaging/conversations/" + conversationId + "/messages",
                "Authorization", "Bearer " + account.token());
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().path("messages");
    }

    private static JsonNode byId(JsonNode messages, String id) {
        for (JsonNode message : messages) {
            if (id.equals(message.path("id").asString())) {
                return message;
            }
        }
        throw new AssertionError("message " + id + " not in " + messages);
    }

    private static List<String> contents(JsonNode messages) {
        List<String> contents = new ArrayList<>();
        messages.forEach(m -> contents.add(m.path("content").asString()));
        return contents;
    }
}
