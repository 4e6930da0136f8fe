package dev.symbia.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Java API the chat stream calls: find, create private, ensure participant. */
class ConversationsApiTests extends MessagingTestSupport {

    @Autowired
    private Conversations conversations;

    @Test
    void createPrivateMakesTheOwnerItsOnlyParticipant() {
        Conversation created = conversations.createPrivate(orgId, alice.id(), "user", "Chat with the coordinator");

        assertThat(created.orgId()).isEqualTo(orgId);
        assertThat(created.type()).isEqualTo("private");
        assertThat(created.createdBy()).isEqualTo(alice.id());
        assertThat(roleOf(created.id().toString(), alice.id())).isEqualTo("owner");
        Response viaRest = get("/api/conversations/" + created.id(), alice);
        assertThat(viaRest.status()).isEqualTo(200);
        assertThat(viaRest.json().path("participants")).hasSize(1);
        assertThatThrownBy(() -> conversations.createPrivate(orgId, "x", "service", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findForParticipantIsEmptyForOtherOrgsAndNonParticipants() {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();

        assertThat(conversations.findForParticipant(id, orgId, alice.id())).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(id));
        assertThat(conversations.findForParticipant(id, "another-org", alice.id())).isEmpty();
        assertThat(conversations.findForParticipant(id, orgId, "someone-else")).isEmpty();
        assertThat(conversations.findForParticipant(UUID.randomUUID(), orgId, alice.id())).isEmpty();
        assertThat(conversations.findForParticipant(null, orgId, alice.id())).isEmpty();
    }

    @Test
    void ensureParticipantAddsOnceAndNeverChangesARole() {
        UUID id = conversations.createPrivate(orgId, alice.id(), "user", null).id();

        conversations.ensureParticipant(id, "assistant:coordinator", "agent");
        conversations.ensureParticipant(id, "assistant:coordinator", "agent");
        conversations.ensureParticipant(id, alice.id(), "user");

        assertThat(roleOf(id.toString(), "assistant:coordinator")).isEqualTo("member");
        assertThat(roleOf(id.toString(), alice.id())).as("the owner stays owner").isEqualTo("owner");
        assertThat(events.named(id.toString(), "participant:joined")).singleElement()
                .satisfies(e -> assertThat(((ParticipantEvent) e.payload()).principalId()).isEqualTo("assistant:coordinator"));
        assertThat(conversations.findForParticipant(id, orgId, "assistant:coordinator")).isPresent();
    }

    @Test
    void createPrivateWithAgentLeavesWhatCreateThenEnsureParticipantLeave() {
        Conversation separate = conversations.createPrivate(orgId, alice.id(), "user", "two steps");
        conversations.ensureParticipant(separate.id(), "assistant:coordinator", "agent");
        Conversation together = conversations.createPrivateWithAgent(orgId, alice.id(), "user", "one step",
                "assistant:coordinator");

        for (Conversation created : List.of(separate, together)) {
            String id = created.id().toString();
            assertThat(created.orgId()).isEqualTo(orgId);
            assertThat(created.type()).isEqualTo("private");
            assertThat(created.createdBy()).isEqualTo(alice.id());
            assertThat(roleOf(id, alice.id())).as(created.name()).isEqualTo("owner");
            assertThat(roleOf(id, "assistant:coordinator")).as(created.name()).isEqualTo("member");
            assertThat(conversations.assistantsOf(created.id())).containsExactly("assistant:coordinator");
            assertThat(events.named(id, "participant:joined")).as(created.name()).singleElement().satisfies(e -> {
                ParticipantEvent joined = (ParticipantEvent) e.payload();
                assertThat(joined.principalId()).isEqualTo("assistant:coordinator");
                assertThat(e.origin()).isEqualTo("assistant:coordinator");
            });
            Response viaRest = get("/api/conversations/" + id, alice);
            assertThat(viaRest.status()).isEqualTo(200);
            assertThat(viaRest.json().path("participants")).as(created.name()).hasSize(2);
        }
        assertThat(together.name()).isEqualTo("one step");
        // An owner that is the agent itself: one participant, nothing joins.
        Conversation own = conversations.createPrivateWithAgent(orgId, "assistant:solo", "agent", null, "assistant:solo");
        assertThat(roleOf(own.id().toString(), "assistant:solo")).isEqualTo("owner");
        assertThat(events.named(own.id().toString(), "participant:joined")).isEmpty();
        assertThatThrownBy(() -> conversations.createPrivateWithAgent(orgId, "x", "service", null, "assistant:a"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
