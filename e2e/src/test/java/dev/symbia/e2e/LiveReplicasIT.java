package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.LiveSocket;
import dev.symbia.e2e.support.MessagingReplica;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live delivery across two messaging replicas sharing one database (SPEC §10): the stack's messaging
 * (replica A, behind the gateway) and a second process (replica B, reached on its own port). What is
 * written through one reaches the WebSocket and SSE subscribers of the other; and a second browser tab
 * watches an assistant reply of {@code POST /api/messaging/send} stream in.
 */
@ExtendWith(StackExtension.class)
class LiveReplicasIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private static MessagingReplica replicaB;
    /** One user for the class (identity allows few registrations per IP and minute); each test has its own conversation. */
    private static Account account;

    @BeforeAll
    static void startSecondReplica(SymbiaStack stack, Gateway gateway) {
        account = Account.register(gateway, "live");
        replicaB = MessagingReplica.start(stack);
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void aMessagePostedThroughTheGatewayReachesSocketAndSseSubscribersOfTheOtherReplica(SymbiaStack stack,
            Gateway gateway) throws Exception {
        String conversationId = createConversation(gateway, account);

        try (LiveSocket onB = LiveSocket.connect(replicaB.url() + "/api/ws", "Authorization", "Bearer " + account.token());
             SseClient sseOnB = SseClient.get(replicaB.url() + "/api/conversations/" + conversationId + "/events",
                     "Authorization", "Bearer " + account.token())) {
            assertThat(sseOnB.status()).isEqualTo(200);
            // Subscribed at connect (a participant already); joining again is acknowledged all the same.
            assertThat(onB.request("join:conversation", conversationId).path("data").path("success").asBoolean())
                    .as("join:conversation acknowledged").isTrue();

            Gateway.Response posted = gateway.post("/api/messaging/conversations/" + conversationId + "/messages",
                    "application/json", "{\"content\":\"hello from replica A\"}", "Authorization", "Bearer " + account.token());
            assertThat(posted.status()).as("%s", posted).isEqualTo(201);
            String messageId = posted.json().path("id").asString();

            JsonNode onSocket = onB.awaitEvent("message:new", data -> messageId.equals(data.path("id").asString("")));
            assertThat(onSocket.path("data").path("content").asString()).isEqualTo("hello from replica A");
            assertThat(onSocket.path("data").path("conversationId").asString()).isEqualTo(conversationId);
            assertThat(onSocket.path("data").path("status").asString()).isEqualTo("complete");

            SseClient.Event onSse = awaitSse(sseOnB, "message:new", data -> messageId.equals(data.path("id").asString("")));
            assertThat(JSON.readTree(onSse.data()).path("content").asString()).isEqualTo("hello from replica A");
            assertThat(Long.parseLong(onSse.id())).as("a durable event carries its live_events id").isPositive();
        }

        // And the other way round: written on B, seen by a socket through the gateway (on A).
        try (LiveSocket viaGateway = LiveSocket.connect(stack.gatewayUrl() + "/api/messaging/ws",
                "Authorization", "Bearer " + account.token())) {
            Gateway onB = new Gateway(replicaB.url());
            Gateway.Response posted = onB.post("/api/conversations/" + conversationId + "/messages", "application/json",
                    "{\"content\":\"hello from replica B\"}", "Authorization", "Bearer " + account.token());
            assertThat(posted.status()).as("%s", posted).isEqualTo(201);
            String messageId = posted.json().path("id").asString();
            JsonNode frame = viaGateway.awaitEvent("message:new", data -> messageId.equals(data.path("id").asString("")));
            assertThat(frame.path("data").path("content").asString()).isEqualTo("hello from replica B");
        }
        // Both messages are in the one database, whichever replica is asked.
        await().atMost(DELIVERY).untilAsserted(() -> assertThat(contents(gateway.get(
                "/api/messaging/conversations/" + conversationId + "/messages", "Authorization", "Bearer " + account.token())))
                .containsExactlyInAnyOrder("hello from replica A", "hello from replica B"));
    }

    @Test
    void aSecondTabSeesTheAssistantReplyStreamInOnEitherReplica(SymbiaStack stack, Gateway gateway) throws Exception {
        String conversationId = createConversation(gateway, account);
        CountDownLatch restMayGo = new CountDownLatch(1);
        stack.provider().reset();
        stack.provider().stream(new ScriptedBody().write(Wire.sambaRole(MODEL))
                .write(Wire.sambaDelta(MODEL, "Hel")).gate(restMayGo)
                .write(Wire.sambaDelta(MODEL, "lo, ")).pause(150)
                .write(Wire.sambaDelta(MODEL, "wor")).write(Wire.sambaDelta(MODEL, "ld"))
                .write(Wire.sambaFinish(MODEL, "stop")).write(Wire.sambaUsage(MODEL, 9, 4)).write(Wire.done()));

        // The second tab connects as browsers do (the token in the query); a third listener sits on replica B.
        try (LiveSocket tab = LiveSocket.connect(stack.gatewayUrl() + "/api/messaging/ws?access_token=" + account.token());
             LiveSocket onB = LiveSocket.connect(replicaB.url() + "/api/ws", "Authorization", "Bearer " + account.token());
             SseClient chat = SseClient.post(stack.gatewayUrl() + "/api/messaging/send",
                     "{\"content\":\"say hello\",\"conversationId\":\"" + conversationId + "\"}",
                     "Authorization", "Bearer " + account.token())) {
            try {
                assertThat(chat.status()).isEqualTo(200);
                assertThat(chat.header("x-conversation-id")).isEqualTo(conversationId);
                String replyId = chat.header("x-message-id");
                Predicate<JsonNode> reply = data -> replyId.equals(data.path("id").asString(""))
                        || replyId.equals(data.path("messageId").asString(""));

                for (LiveSocket socket : List.of(tab, onB)) {
                    JsonNode created = socket.awaitEvent("message:new", reply);
                    assertThat(created.path("data").path("status").asString()).isEqualTo("streaming");
                    assertThat(created.path("data").path("senderId").asString()).isEqualTo("assistant:coordinator");
                    assertThat(created.path("data").path("content").asString()).isEmpty();
                    // The first delta is live while the provider still holds the rest back.
                    JsonNode first = socket.awaitEvent("message:delta", reply);
                    assertThat(first.path("data").path("offset").asInt()).isZero();
                    assertThat(first.path("data").path("content").asString()).isEqualTo("Hel");
                    assertThat(first.path("data").path("conversationId").asString()).isEqualTo(conversationId);
                }
            } finally {
                restMayGo.countDown();
            }
            List<String> frames = new ArrayList<>();
            String frame;
            while ((frame = chat.next(DELIVERY)) != null) {
                frames.add(frame);
            }
            assertThat(JSON.readTree(frames.getLast()).path("done").asBoolean()).as("chat frames %s", frames).isTrue();
            String replyId = chat.header("x-message-id");

            for (LiveSocket socket : List.of(tab, onB)) {
                JsonNode updated = socket.awaitEvent("message:updated", data -> replyId.equals(data.path("id").asString("")));
                assertThat(updated.path("data").path("status").asString()).isEqualTo("complete");
                assertThat(updated.path("data").path("content").asString()).isEqualTo("Hello, world");

                // In order on the socket: new (streaming), the deltas adding up to the final text, then updated.
                List<String> sequence = new ArrayList<>();
                StringBuilder streamed = new StringBuilder();
                for (JsonNode f : socket.frames()) {
                    JsonNode data = f.path("data");
                    String event = f.path("event").asString("");
                    if (replyId.equals(data.path("id").asString("")) || replyId.equals(data.path("messageId").asString(""))) {
                        sequence.add(event);
                        if (event.equals("message:delta")) {
                            assertThat(data.path("offset").asInt()).as("offset of %s", f).isEqualTo(streamed.length());
                            streamed.append(data.path("content").asString());
                        }
                    }
                }
                assertThat(sequence.getFirst()).isEqualTo("message:new");
                assertThat(sequence.getLast()).isEqualTo("message:updated");
                assertThat(sequence.subList(1, sequence.size() - 1)).as("%s", sequence).isNotEmpty()
                        .allMatch("message:delta"::equals);
                assertThat(streamed.toString()).isEqualTo("Hello, world");
            }
        }
    }

    private static SseClient.Event awaitSse(SseClient sse, String name, Predicate<JsonNode> data) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        List<SseClient.Event> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            SseClient.Event event = sse.nextEvent(Duration.ofMillis(500));
            if (event == null) {
                continue;
            }
            seen.add(event);
            if (name.equals(event.name()) && data.test(JSON.readTree(event.data()))) {
                return event;
            }
        }
        throw new AssertionError("no " + name + " on the SSE feed within " + DELIVERY + "; got " + seen);
    }

    private static String createConversation(Gateway gateway, Account account) {
        Gateway.Response created = gateway.post("/api/messaging/conversations", "application/json",
                "{\"type\":\"private\",\"name\":\"Live replicas\"}", "Authorization", "Bearer " + account.token());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static List<String> contents(Gateway.Response listing) {
        assertThat(listing.status()).as("%s", listing).isEqualTo(200);
        List<String> contents = new ArrayList<>();
        listing.json().path("messages").forEach(m -> contents.add(m.path("content").asString()));
        return contents;
    }
}
