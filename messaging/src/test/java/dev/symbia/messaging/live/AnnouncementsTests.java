package dev.symbia.messaging.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What replicas tell each other over NOTIFY: no Spring, no database needed to pin the codec. */
class AnnouncementsTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final Announcements here = new Announcements(json);
    private final Announcements there = new Announcements(json);

    @Test
    void aStoredEventIsAnnouncedByIdAndOnlyOtherReplicasTakeIt() {
        String text = there.stored(42, "alice");

        assertThat(there.fromOthers(text)).as("its own announcement").isEmpty();
        assertThat(here.fromOthers(text)).hasValueSatisfying(announcement -> {
            assertThat(announcement.stored()).isTrue();
            assertThat(announcement.id()).isEqualTo(42);
            assertThat(announcement.origin()).isEqualTo("alice");
        });
    }

    @Test
    void anEphemeralEventTravelsInline() {
        UUID conversation = UUID.randomUUID();
        ConversationEvent event = ConversationEvent.ephemeral(conversation, "typing:started", Map.of("n", 7), null);

        String text = there.ephemeral(event, json.valueToTree(event.payload())).orElseThrow();

        assertThat(here.fromOthers(text)).hasValueSatisfying(announcement -> {
            assertThat(announcement.stored()).isFalse();
            assertThat(announcement.conversationId()).isEqualTo(conversation);
            assertThat(announcement.name()).isEqualTo("typing:started");
            assertThat(announcement.origin()).isNull();
            assertThat(announcement.payload().path("n").asInt()).isEqualTo(7);
        });
    }

    @Test
    void anEphemeralEventTooLargeForNotifyIsNotAnnounced() {
        ConversationEvent event = ConversationEvent.ephemeral(UUID.randomUUID(), "message:delta",
                Map.of("content", "x".repeat(10_000)), "assistant:coordinator");

        assertThat(there.ephemeral(event, json.valueToTree(event.payload()))).isEmpty();
    }

    @Test
    void unreadableOrIncompleteAnnouncementsAreIgnored() {
        assertThat(here.fromOthers("not json")).isEmpty();
        assertThat(here.fromOthers("{\"replica\":\"elsewhere\",\"conversationId\":\"not-a-uuid\",\"name\":\"x\"}")).isEmpty();
        assertThat(here.fromOthers("{\"replica\":\"elsewhere\"}")).isEmpty();
    }
}
