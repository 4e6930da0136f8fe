package dev.symbia.messaging.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.conversation.Conversation;
import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.conversation.MessagingTestContext;
import dev.symbia.messaging.conversation.MessagingTestSupport.CapturedEvents;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.messaging.message.Message;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import dev.symbia.messaging.message.NewMessage;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.Relay;
import dev.symbia.relay.RelayEvent;
import dev.symbia.relay.testing.RecordingRelay;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * message.new to a conversation's assistants and message.response back (SPEC §5, Network issue item 6), in the
 * feature tests' context (its {@code RecordingRelay} stands in for the network).
 */
@MessagingTestContext
class AssistantEventsTests {

    /** What messaging hands to its live subscribers (WebSocket, SSE, other replicas). */
    @Autowired
    CapturedEvents live;

    @Autowired
    AssistantDeltas deltas;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RecordingRelay relay;

    @Autowired
    Conversations conversations;

    @Autowired
    Messages messages;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AssistantResponses responses;

    String orgId;
    String userId;

    @BeforeEach
    void setUp() {
        orgId = UUID.randomUUID().toString();
        userId = UUID.randomUUID().toString();
    }

    @Test
    void aUsersMessageReachesTheConversationsAssistantsWithoutTheirToken() {
        Conversation conversation = conversations.createPrivate(orgId, userId, "user", "help");
        conversations.ensureParticipant(conversation.id(), "assistant:helper", "agent");
        Message message = messages.append(NewMessage.text(conversation.id(), orgId, userId, "user", "How do I deploy?",
                MessageStatus.COMPLETE, Map.of()));

        List<RecordingRelay.Published> events = relay.published().stream()
                .filter(p -> p.type().equals("message.new"))
                .filter(p -> p.data().path("conversationId").asString().equals(conversation.id().toString())).toList();
        assertThat(events).hasSize(1);
        JsonNode data = events.getFirst().data();
        assertThat(data.path("conversationId").asString()).isEqualTo(conversation.id().toString());
        assertThat(data.path("orgId").asString()).isEqualTo(orgId);
        assertThat(data.path("message").path("id").asString()).isEqualTo(message.id().toString());
        assertThat(data.path("message").path("content").asString()).isEqualTo("How do I deploy?");
        assertThat(data.path("assistants").get(0).path("key").asString()).isEqualTo("helper");
        assertThat(events.getFirst().canonical()).doesNotContain("Bearer").doesNotContain("_auth");
    }

    @Test
    void theAssistantsAnnouncedAreTheConversationsAsTheWritingTransactionSawThemHoweverTheMessageWasStored() {
        Conversation conversation = conversations.createPrivate(orgId, userId, "user", "team");
        conversations.ensureParticipant(conversation.id(), "assistant:writer", "agent");
        conversations.ensureParticipant(conversation.id(), "agent-7", "agent"); // an agent, not an assistant
        // An assistant joining in the transaction that writes the message (as a chat turn does) is announced with it.
        Message minted = transactions.execute(tx -> {
            conversations.ensureParticipant(conversation.id(), "assistant:critic", "agent");
            return messages.append(NewMessage.text(conversation.id(), orgId, userId, "user", "minted here",
                    MessageStatus.COMPLETE, Map.of()));
        });
        // A client's own id takes the other way into the table; the assistants are the same.
        Message given = messages.append(NewMessage.text(conversation.id(), orgId, userId, "user", "id given",
                MessageStatus.COMPLETE, Map.of()).withId(UUID.randomUUID()));

        for (Message message : List.of(minted, given)) {
            JsonNode data = relay.published().stream().filter(p -> p.type().equals("message.new"))
                    .map(RecordingRelay.Published::data)
                    .filter(d -> d.path("message").path("id").asString().equals(message.id().toString()))
                    .findFirst().orElseThrow();
            assertThat(data.path("assistants").findValuesAsString("key")).as(message.content())
                    .containsExactly("critic", "writer");
            assertThat(data.path("assistants").findValuesAsString("userId")).as(message.content())
                    .containsExactly("assistant:critic", "assistant:writer");
        }
    }

    @Test
    void noAssistantsOrAnAgentsOwnMessagePublishNothing() {
        Conversation alone = conversations.createPrivate(orgId, userId, "user", "solo");
        messages.append(NewMessage.text(alone.id(), orgId, userId, "user", "just me", MessageStatus.COMPLETE, Map.of()));
        Conversation withAssistant = conversations.createPrivate(orgId, userId, "user", "pair");
        conversations.ensureParticipant(withAssistant.id(), "assistant:helper", "agent");
        messages.append(NewMessage.text(withAssistant.id(), orgId, "assistant:helper", "agent", "I answered",
                MessageStatus.COMPLETE, Map.of()));

        List<String> ids = List.of(alone.id().toString(), withAssistant.id().toString());
        assertThat(relay.published()).noneMatch(p -> p.type().equals("message.new")
                && ids.contains(p.data().path("conversationId").asString()));
    }

    @Test
    void anAssistantsResponseIsPostedOnlyIntoAConversationOfTheOrgItNames() {
        Conversation conversation = conversations.createPrivate(orgId, userId, "user", "help");

        responses.handle(response(conversation.id(), "writer", "Here is how.", UUID.randomUUID().toString()));
        assertThat(messages.recentTurns(conversation.id(), 10)).isEmpty();

        responses.handle(response(conversation.id(), "../../x", "bad key", orgId));
        responses.handle(response(conversation.id(), "writer", "", orgId));
        assertThat(messages.recentTurns(conversation.id(), 10)).isEmpty();

        responses.handle(response(conversation.id(), "writer", "Here is how.", orgId));
        List<Message> turns = messages.recentTurns(conversation.id(), 10);
        assertThat(turns).singleElement().satisfies(m -> {
            assertThat(m.senderId()).isEqualTo("assistant:writer");
            assertThat(m.senderType()).isEqualTo("agent");
            assertThat(m.content()).isEqualTo("Here is how.");
            assertThat(m.metadata()).containsKey("networkEventId");
        });
        assertThat(conversations.findForParticipant(conversation.id(), orgId, "assistant:writer")).isPresent();
    }

    @Test
    void anAssistantsDeltasReachTheConversationsSubscribersAsMessageDeltaAndTheAnswerKeepsTheirId() {
        Conversation conversation = conversations.createPrivate(orgId, userId, "user", "stream");
        UUID replyId = UUID.randomUUID();

        deltas.handle(delta("assistants", conversation.id(), replyId, 0, "Hel", orgId));
        deltas.handle(delta("assistants", conversation.id(), replyId, 3, "lo", orgId));

        List<ConversationEvent> frames = live.named(conversation.id().toString(), "message:delta");
        assertThat(frames).hasSize(2).allSatisfy(e -> {
            assertThat(e.durable()).as("deltas are not stored").isFalse();
            assertThat(e.origin()).isEqualTo("assistant:writer");
        });
        JsonNode second = JSON.valueToTree(frames.get(1).payload());
        assertThat(second.path("messageId").asString()).isEqualTo(replyId.toString());
        assertThat(second.path("offset").asInt()).isEqualTo(3);
        assertThat(second.path("content").asString()).isEqualTo("lo");
        assertThat(messages.recentTurns(conversation.id(), 10)).isEmpty();

        Map<String, Object> answer = Map.of("conversationId", conversation.id().toString(), "assistantKey", "writer",
                "orgId", orgId, "messageId", replyId.toString(), "message", Map.of("content", "Hello"));
        responses.handle(event("message.response", "assistants", answer));
        responses.handle(event("message.response", "assistants", answer)); // a redelivery posts nothing twice
        assertThat(messages.recentTurns(conversation.id(), 10)).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(replyId);
            assertThat(m.content()).isEqualTo("Hello");
        });
    }

    @Test
    void deltasAndAnswersFromAnotherNodeOrForAnotherOrgAreIgnored() {
        Conversation conversation = conversations.createPrivate(orgId, userId, "user", "guarded");
        UUID replyId = UUID.randomUUID();

        deltas.handle(delta("catalog", conversation.id(), replyId, 0, "spoof", orgId));
        deltas.handle(delta("assistants", conversation.id(), replyId, 0, "cross-org", UUID.randomUUID().toString()));
        deltas.handle(delta("assistants", conversation.id(), replyId, -1, "bad offset", orgId));
        responses.handle(event("message.response", "runtime", Map.of("conversationId", conversation.id().toString(),
                "assistantKey", "writer", "orgId", orgId, "message", Map.of("content", "spoofed answer"))));

        assertThat(live.named(conversation.id().toString(), "message:delta")).isEmpty();
        assertThat(messages.recentTurns(conversation.id(), 10)).isEmpty();
    }

    private static RelayEvent<JsonNode> delta(String source, UUID conversationId, UUID messageId, int offset,
            String content, String org) {
        return event("message.delta", source, Map.of("conversationId", conversationId.toString(), "assistantKey",
                "writer", "orgId", org, "messageId", messageId.toString(), "offset", offset, "content", content));
    }

    private static RelayEvent<JsonNode> response(UUID conversationId, String key, String content, String org) {
        return event("message.response", "assistants", Map.of("conversationId", conversationId.toString(),
                "assistantKey", key, "orgId", org, "message", Map.of("content", content)));
    }

    private static RelayEvent<JsonNode> event(String type, String source, Map<String, Object> payload) {
        JsonNode data = JSON.valueToTree(payload);
        Envelope envelope = new Envelope(UUID.randomUUID().toString(), type, source, "messaging",
                "run-" + UUID.randomUUID(), null, Boundary.INTRA, EnvelopeCodec.timestamp(Instant.now()), data, "sig");
        return new RelayEvent<>(envelope, data);
    }

    // The relay double is the only Relay here (the real one is off in tests: NETWORK_RELAY_ENABLED=false).
    @Autowired
    List<Relay> relays;

    @Test
    void theRecordingRelayIsTheOneInUse() {
        assertThat(relays).containsExactly(relay);
    }
}
