package dev.symbia.messaging.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.conversation.MessagingTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Newest-first pages with sequence cursors, and a {@code hasMore} that is right at the boundaries. */
class MessagePagingTests extends MessagingTestSupport {

    private String id;

    /** Seven messages: sequences 1..7, contents m1..m7. */
    @BeforeEach
    void sevenMessages() {
        id = group(alice);
        for (int i = 1; i <= 7; i++) {
            say(id, alice, "m" + i);
        }
    }

    @Test
    void withoutACursorTheNewestComeFirst() {
        JsonNode page = page("?limit=3");
        assertThat(sequences(page)).containsExactly(7L, 6L, 5L);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        assertThat(page.path("nextBefore").asLong()).isEqualTo(5);
        assertThat(page.path("nextAfter").isNull()).isTrue();

        JsonNode all = page("");
        assertThat(sequences(all)).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(all.path("hasMore").asBoolean()).as("default limit 50").isFalse();
        assertThat(all.path("nextBefore").isNull()).isTrue();
    }

    @Test
    void exactlyLimitMessagesLeftMeansNoMore() {
        assertThat(page("?limit=7").path("hasMore").asBoolean()).isFalse();
        assertThat(page("?limit=6").path("hasMore").asBoolean()).isTrue();
        JsonNode lastThree = page("?limit=3&before=4");
        assertThat(sequences(lastThree)).containsExactly(3L, 2L, 1L);
        assertThat(lastThree.path("hasMore").asBoolean()).isFalse();
        assertThat(lastThree.path("nextBefore").isNull()).isTrue();
    }

    @Test
    void pagingBackWithBeforeWalksTheWholeHistoryOnce() {
        List<Long> seen = new ArrayList<>();
        JsonNode page = page("?limit=3");
        seen.addAll(sequences(page));
        int pages = 1;
        while (page.path("hasMore").asBoolean()) {
            page = page("?limit=3&before=" + page.path("nextBefore").asLong());
            seen.addAll(sequences(page));
            pages++;
        }
        assertThat(seen).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(pages).isEqualTo(3);
        assertThat(sequences(page("?before=1"))).isEmpty();
    }

    @Test
    void afterGivesTheNextNewerMessagesStillNewestFirst() {
        JsonNode next = page("?limit=3&after=2");
        assertThat(sequences(next)).containsExactly(5L, 4L, 3L);
        assertThat(next.path("hasMore").asBoolean()).isTrue();
        assertThat(next.path("nextAfter").asLong()).isEqualTo(5);
        assertThat(next.path("nextBefore").isNull()).isTrue();

        JsonNode rest = page("?limit=2&after=5");
        assertThat(sequences(rest)).containsExactly(7L, 6L);
        assertThat(rest.path("hasMore").asBoolean()).as("exactly the limit remained").isFalse();
        assertThat(rest.path("nextAfter").isNull()).isTrue();

        JsonNode none = page("?after=7");
        assertThat(sequences(none)).isEmpty();
        assertThat(none.path("hasMore").asBoolean()).isFalse();
        assertThat(sequences(page("?after=0&limit=1"))).containsExactly(1L);
    }

    @Test
    void deletedMessagesNeitherShowNorCountTowardsHasMore() {
        String six = jdbc.sql("SELECT id::text FROM messages WHERE conversation_id = CAST(:c AS uuid) AND sequence = 6")
                .param("c", id).query(String.class).single();
        String one = jdbc.sql("SELECT id::text FROM messages WHERE conversation_id = CAST(:c AS uuid) AND sequence = 1")
                .param("c", id).query(String.class).single();
        delete("/api/conversations/" + id + "/messages/" + six, alice);
        delete("/api/conversations/" + id + "/messages/" + one, alice);

        assertThat(sequences(page("?limit=3"))).containsExactly(7L, 5L, 4L);
        JsonNode tail = page("?limit=2&before=4");
        assertThat(sequences(tail)).containsExactly(3L, 2L);
        assertThat(tail.path("hasMore").asBoolean()).as("only a deleted message is older").isFalse();
    }

    private JsonNode page(String query) {
        Response response = get("/api/conversations/" + id + "/messages" + query, alice);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> sequences(JsonNode page) {
        List<Long> sequences = new ArrayList<>();
        page.path("messages").forEach(m -> sequences.add(m.path("sequence").asLong()));
        return sequences;
    }
}
