package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.LiveSocket;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The assistants issue's "done when", black-box through the gateway with the fake provider: a person publishes a
 * rule-driven assistant in the catalog, grants it (as their org's admin) what it may do — it is an agent in
 * identity holding nothing until then, and says nothing — adds it to a conversation, posts a message, and watches the assistant's
 * model-written reply stream in over the WebSocket as several {@code message:delta} frames (the first while the
 * provider still holds the rest back), followed by the stored reply under the same message id.
 */
@ExtendWith(StackExtension.class)
class AssistantStreamIT {

    private static final String JSON = "application/json";
    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

    @Test
    void aPublishedAssistantsReplyStreamsIntoTheConversation(SymbiaStack stack, Gateway gateway) throws Exception {
        Account user = Account.register(gateway, "assist");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String key = "streamer" + suffix;

        // 1. publish the assistant: one rule, the model's answer is the reply; the org admin grants what it declares
        publish(gateway, user, key);
        grant(gateway, user, key);

        // 2. a conversation with the assistant in it
        Gateway.Response conversation = gateway.post("/api/messaging/conversations", JSON,
                "{\"type\":\"group\",\"name\":\"With an assistant\"}", "Authorization", user.bearer());
        assertThat(conversation.status()).as("%s", conversation).isEqualTo(201);
        String conversationId = conversation.json().path("id").asString();
        Gateway.Response added = gateway.post("/api/messaging/conversations/" + conversationId + "/participants", JSON,
                "{\"principalId\":\"assistant:" + key + "\",\"principalType\":\"agent\"}", "Authorization", user.bearer());
        assertThat(added.status()).as("%s", added).isEqualTo(201);

        // 3. the provider streams, holding everything after the first words until the socket saw them
        CountDownLatch restMayGo = new CountDownLatch(1);
        stack.provider().reset();
        stack.provider().stream(new ScriptedBody().write(Wire.sambaRole(MODEL))
                .write(Wire.sambaDelta(MODEL, "Streaming ")).gate(restMayGo)
                .write(Wire.sambaDelta(MODEL, "in ")).pause(200)
                .write(Wire.sambaDelta(MODEL, "several ")).pause(200)
                .write(Wire.sambaDelta(MODEL, "pieces.")).pause(100)
                .write(Wire.sambaFinish(MODEL, "stop")).write(Wire.sambaUsage(MODEL, 11, 4)).write(Wire.done()));

        try (LiveSocket socket = LiveSocket.connect(stack.gatewayUrl() + "/api/messaging/ws?access_token=" + user.token())) {
            Gateway.Response posted = gateway.post("/api/messaging/conversations/" + conversationId + "/messages", JSON,
                    "{\"content\":\"Tell me something\"}", "Authorization", user.bearer());
            assertThat(posted.status()).as("%s", posted).isEqualTo(201);

            JsonNode first;
            try {
                first = socket.awaitEvent("message:delta", d -> conversationId.equals(d.path("conversationId").asString("")));
            } finally {
                restMayGo.countDown();
            }
            assertThat(first.path("data").path("content").asString()).isEqualTo("Streaming ");
            assertThat(first.path("data").path("offset").asInt()).isZero();
            String replyId = first.path("data").path("messageId").asString();

            JsonNode reply = socket.awaitEvent("message:new", d -> replyId.equals(d.path("id").asString("")));
            assertThat(reply.path("data").path("senderId").asString()).isEqualTo("assistant:" + key);
            assertThat(reply.path("data").path("content").asString()).isEqualTo("Streaming in several pieces.");

            // On the socket: several deltas adding up to the reply, all before the reply itself.
            List<JsonNode> deltas = new ArrayList<>();
            for (JsonNode frame : socket.frames()) {
                if (replyId.equals(frame.path("data").path("id").asString(""))) {
                    break;
                }
                if ("message:delta".equals(frame.path("event").asString("")) 
                        && replyId.equals(frame.path("data").path("messageId").asString(""))) {
                    deltas.add(frame.path("data"));
                }
            }
            assertThat(deltas).as("delta frames %s", deltas).hasSizeGreaterThanOrEqualTo(3);
            deltas.sort(java.util.Comparator.comparingInt(d -> d.path("offset").asInt()));
            StringBuilder streamed = new StringBuilder();
            deltas.forEach(d -> streamed.append(d.path("content").asString()));
            assertThat(streamed.toString()).isEqualTo("Streaming in several pieces.");
        }

        // 4. the reply is stored, under the id the deltas carried, with its sealed provenance
        Gateway.Response listing = gateway.get("/api/messaging/conversations/" + conversationId + "/messages",
                "Authorization", user.bearer());
        assertThat(listing.status()).as("%s", listing).isEqualTo(200);
        JsonNode stored = null;
        for (JsonNode m : listing.json().path("messages")) {
            if (("assistant:" + key).equals(m.path("senderId").asString(""))) {
                stored = m;
            }
        }
        assertThat(stored).as("%s", listing).isNotNull();
        assertThat(stored.path("content").asString()).isEqualTo("Streaming in several pieces.");
        assertThat(stored.path("metadata").path("symbia").path("provenance").path("body").path("arena").asString())
                .isEqualTo("GENERATED");
    }

    /**
     * The console's admin flow over the API: the assistant's agent in the org (assistants provisions it in identity)
     * shows what it declares and lacks; the admin grants exactly that through identity's agent API.
     */
    private static void grant(Gateway gateway, Account admin, String key) {
        Gateway.Response agent = gateway.get("/api/assistants/assistants/" + key + "/agent", "Authorization", admin.bearer());
        assertThat(agent.status()).as("%s", agent).isEqualTo(200);
        assertThat(agent.json().path("agentId").asString()).isEqualTo("assistant:" + key);
        assertThat(agent.json().path("granted").size()).as("nothing until an admin grants it").isZero();
        assertThat(agent.json().path("missing").toString()).contains("cap:messaging.write", "cap:integrations.execute");
        Gateway.Response granted = gateway.put("/api/identity/agents/" + agent.json().path("agentRowId").asString()
                + "/capabilities", JSON, "{\"capabilities\":" + agent.json().path("missing") + "}",
                "Authorization", admin.bearer());
        assertThat(granted.status()).as("%s", granted).isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> gateway.get(
                "/api/assistants/assistants/" + key + "/agent", "Authorization", admin.bearer()).json()
                .path("missing").isEmpty());
    }

    /** Publishes a one-rule assistant (the model's answer is the reply) and waits until assistants runs it. */
    private static void publish(Gateway gateway, Account user, String key) {
        String resource = """
                {"key":"team/%s","name":"Streamer","type":"assistant","description":"Answers with the model",
                 "accessPolicy":{"visibility":"public","actions":{"read":{"anyOf":["public"]},
                   "write":{"anyOf":["role:admin"]},"publish":{"anyOf":["role:admin"]},"delete":{"anyOf":["role:admin"]}}},
                 "metadata":{"assistantConfig":{"principalId":"assistant:%s","principalType":"assistant",
                   "capabilities":["cap:messaging.write","cap:integrations.execute"]},
                  "ruleSet":{"rules":[{"id":"answer","name":"Answer","trigger":"message.received",
                   "actions":[{"id":"ans","type":"llm.invoke","params":{"systemPrompt":"Be brief."}},
                              {"type":"message.send","params":{"content":"{{steps.ans.response}}"}}]}]}}}"""
                .formatted(key, key);
        Gateway.Response created = gateway.post("/api/catalog/resources", JSON, resource, "Authorization", user.bearer());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        Gateway.Response published = gateway.post("/api/catalog/resources/" + created.json().path("id").asString()
                + "/publish", JSON, "{}", "Authorization", user.bearer());
        assertThat(published.status()).as("%s", published).isEqualTo(201);
        // the catalog's event makes assistants reload; the user's org sees it, as a rule-driven assistant
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                gateway.get("/api/assistants/assistants/" + key, "Authorization", user.bearer()).status() == 200);
        assertThat(gateway.get("/api/assistants/assistants/" + key, "Authorization", user.bearer()).json()
                .path("rulesSource").asString()).isEqualTo("catalog");

    }

    @Test
    void theChatStreamNamingTheAssistantIsAnsweredThroughItsRules(SymbiaStack stack, Gateway gateway) throws Exception {
        Account user = Account.register(gateway, "assist-chat");
        String key = "chatter" + UUID.randomUUID().toString().substring(0, 8);
        publish(gateway, user, key);
        grant(gateway, user, key);
        stack.provider().reset();
        stack.provider().stream(new ScriptedBody().write(Wire.sambaRole(MODEL))
                .write(Wire.sambaDelta(MODEL, "Rules ")).pause(150)
                .write(Wire.sambaDelta(MODEL, "answered ")).pause(150)
                .write(Wire.sambaDelta(MODEL, "this.")).pause(50)
                .write(Wire.sambaFinish(MODEL, "stop")).write(Wire.sambaUsage(MODEL, 7, 3)).write(Wire.done()));

        try (SseClient chat = SseClient.post(stack.gatewayUrl() + "/api/messaging/send",
                "{\"content\":\"Who answers?\",\"assistant\":\"" + key + "\"}", "Authorization", user.bearer())) {
            assertThat(chat.status()).isEqualTo(200);
            String replyId = chat.header("x-message-id");
            List<String> pieces = new ArrayList<>();
            JsonNode last = null;
            String frame;
            while ((frame = chat.next(Duration.ofSeconds(60))) != null) {
                last = JSON_MAPPER.readTree(frame);
                if (last.has("content")) {
                    pieces.add(last.path("content").asString());
                }
            }
            assertThat(last).isNotNull();
            assertThat(last.path("done").asBoolean()).as("last frame %s", last).isTrue();
            assertThat(last.path("messageId").asString()).isEqualTo(replyId);
            assertThat(pieces).as("the assistant's pieces, as they came").hasSizeGreaterThanOrEqualTo(2);
            assertThat(String.join("", pieces)).isEqualTo("Rules answered this.");

            String conversationId = chat.header("x-conversation-id");
            JsonNode messages = gateway.get("/api/messaging/conversations/" + conversationId + "/messages",
                    "Authorization", user.bearer()).json().path("messages");
            JsonNode reply = null;
            for (JsonNode m : messages) {
                if (replyId.equals(m.path("id").asString(""))) {
                    reply = m;
                }
            }
            assertThat(reply).as("%s", messages).isNotNull();
            assertThat(reply.path("senderId").asString()).isEqualTo("assistant:" + key);
            assertThat(reply.path("status").asString()).isEqualTo("complete");
            assertThat(reply.path("content").asString()).isEqualTo("Rules answered this.");
            assertThat(reply.path("metadata").path("symbia").path("provenance").path("body").path("rule").asString())
                    .as("answered by the assistant's rule, not the plain chat").isEqualTo("answer");
        }
    }

    /**
     * An assistant nobody granted {@code cap:messaging.write} may not speak: the chat stream naming it ends at once
     * with an error frame saying why (through the network's seeded contract), not after messaging's 90 s silence.
     */
    @Test
    void aChatStreamNamingAnUngrantedAssistantIsRefusedAtOnce(SymbiaStack stack, Gateway gateway) throws Exception {
        Account user = Account.register(gateway, "assist-mute");
        String key = "mute" + UUID.randomUUID().toString().substring(0, 8);
        publish(gateway, user, key);
        long started = System.nanoTime();
        try (SseClient chat = SseClient.post(stack.gatewayUrl() + "/api/messaging/send",
                "{\"content\":\"Anyone there?\",\"assistant\":\"" + key + "\"}", "Authorization", user.bearer())) {
            assertThat(chat.status()).isEqualTo(200);
            JsonNode last = null;
            String frame;
            while ((frame = chat.next(Duration.ofSeconds(60))) != null) {
                last = JSON_MAPPER.readTree(frame);
            }
            assertThat(last).as("a final frame").isNotNull();
            assertThat(last.path("code").asString()).as("%s", last).isEqualTo("not_permitted");
            assertThat(last.path("details").asString()).contains("cap:messaging.write");
            assertThat(last.path("done").asBoolean()).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the 90 s silence timeout")
                .isLessThan(Duration.ofSeconds(45));
    }
}
