package dev.symbia.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
