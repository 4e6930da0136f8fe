package dev.symbia.messaging.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.conversation.MessagingTestSupport;
import dev.symbia.messaging.conversation.ParticipantEvent;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.test.auth.TestPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET/POST /api/conversations/{id}/messages}, {@code PATCH/DELETE .../messages/{messageId}}. */
class MessageEndpointsTests extends MessagingTestSupport {

    @Test
    void postsAMessageWithItsFieldsAndAnnouncesIt() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);
        Instant before = updatedAt(id);
        JsonNode first = say(id, bob, "first");
        UUID runId = UUID.randomUUID();

        Response posted = post("/api/conversations/" + id + "/messages", map("content", "**hi**", "contentType", "markdown",
                "replyTo", first.path("id").asString(), "metadata", Map.of("lang", "en"), "runId", runId.toString(),
                "traceId", "trace-1", "priority", "critical", "interruptible", false), alice);

        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        JsonNode m = posted.json();
        assertThat(m.path("conversationId").asString()).isEqualTo(id);
        assertThat(m.path("orgId").asString()).isEqualTo(orgId);
        assertThat(m.path("sequence").asLong()).isEqualTo(2);
        assertThat(m.path("senderId").asString()).isEqualTo(alice.id());
        assertThat(m.path("senderType").asString()).isEqualTo("user");
        assertThat(m.path("content").asString()).isEqualTo("**hi**");
        assertThat(m.path("contentType").asString()).isEqualTo("markdown");
        assertThat(m.path("status").asString()).isEqualTo("complete");
        assertThat(m.path("replyTo").asString()).isEqualTo(first.path("id").asString());
        assertThat(m.path("runId").asString()).isEqualTo(runId.toString());
        assertThat(m.path("traceId").asString()).isEqualTo("trace-1");
        assertThat(m.path("priority").asString()).isEqualTo("critical");
        assertThat(m.path("interruptible").asBoolean()).isFalse();
        assertThat(m.path("metadata").path("lang").asString()).isEqualTo("en");
        assertThat(m.path("deletedAt").isNull()).isTrue();
        assertThat(updatedAt(id)).as("posting bumps the conversation").isAfter(before);

        List<ConversationEvent> news = events.named(id, "message:new");
        assertThat(news).hasSize(2);
        assertThat(news.get(1).durable()).isTrue();
        assertThat(news.get(1).origin()).isEqualTo(alice.id());
        assertThat(news.get(1).payload()).isInstanceOfSatisfying(MessageView.class, view -> {
            assertThat(view.id().toString()).isEqualTo(m.path("id").asString());
            assertThat(view.sequence()).isEqualTo(2);
        });
    }

    @Test
    void postingTheSameIdAgainReturnsTheStoredMessage() {
        String id = group(alice);
        String messageId = UUID.randomUUID().toString();

        Response created = post("/api/conversations/" + id + "/messages", Map.of("id", messageId, "content", "once"), alice);
        Response repeated = post("/api/conversations/" + id + "/messages", Map.of("id", messageId, "content", "twice"), alice);

        assertThat(created.status()).isEqualTo(201);
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().path("id").asString()).isEqualTo(messageId);
        assertThat(repeated.json().path("sequence").asLong()).isEqualTo(created.json().path("sequence").asLong());
        assertThat(repeated.json().path("content").asString()).as("never overwritten").isEqualTo("once");
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE id = CAST(:id AS uuid)").param("id", messageId)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(events.named(id, "message:new")).hasSize(1);
        assertThat(say(id, alice, "next").path("sequence").asLong()).as("a repeat takes no sequence").isEqualTo(2);
    }

    @Test
    void anIdUsedElsewhereIsAConflict() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);
        String other = group(alice);
        String messageId = say(id, alice, "mine").path("id").asString();

        Response elsewhere = post("/api/conversations/" + other + "/messages", Map.of("id", messageId, "content", "x"), alice);
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.isProblem()).isTrue();
        Response otherSender = post("/api/conversations/" + id + "/messages", Map.of("id", messageId, "content", "x"), bob);
        assertThat(otherSender.status()).isEqualTo(409);
        assertThat(jdbc.sql("SELECT last_sequence FROM conversations WHERE id = CAST(:id AS uuid)").param("id", other)
                .query(Long.class).single()).isZero();
    }

    @Test
    void anotherOrgsMessageIdCannotBeProbed() {
        String otherOrg = UUID.randomUUID().toString();
        TestPrincipal stranger = member(otherOrg);
        String theirs = say(group(stranger), stranger, "their secret").path("id").asString();

        String mine = group(alice);
        Response posted = post("/api/conversations/" + mine + "/messages", Map.of("id", theirs, "content", "mine"), alice);
        assertThat(posted.status()).as("another org's id is as fresh as any unused id").isEqualTo(201);
        assertThat(posted.json().path("id").asString()).isEqualTo(theirs);
        assertThat(posted.body()).doesNotContain("their secret");
        assertThat(get("/api/conversations/" + mine + "/messages", alice).body()).doesNotContain("their secret");
        // Editing and deleting our message with that id leaves theirs alone.
        String messageUrl = "/api/conversations/" + mine + "/messages/" + theirs;
        assertThat(patch(messageUrl, Map.of("content", "edited"), alice).status()).isEqualTo(200);
        assertThat(delete(messageUrl, alice).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT content FROM messages WHERE id = CAST(:id AS uuid) AND org_id = :org")
                .param("id", theirs).param("org", otherOrg).query(String.class).single()).isEqualTo("their secret");
        assertThat(jdbc.sql("SELECT deleted_at IS NULL FROM messages WHERE id = CAST(:id AS uuid) AND org_id = :org")
                .param("id", theirs).param("org", otherOrg).query(Boolean.class).single()).isTrue();
    }

    @Test
    void postingRejectsBadInput() {
        String id = group(alice);
        String foreign = say(group(alice), alice, "elsewhere").path("id").asString();
        record Case(String body, String field) {
        }
        List<Case> cases = List.of(
                new Case("{}", "content"),
                new Case("{\"content\":\"  \"}", "content"),
                new Case("{\"content\":\"x\",\"contentType\":\"event\"}", "contentType"),
                new Case("{\"content\":\"x\",\"contentType\":\"Text Plain\"}", "contentType"),
                new Case("{\"content\":\"x\",\"id\":\"not-a-uuid\"}", "id"),
                new Case("{\"content\":\"x\",\"priority\":\"urgent\"}", "priority"),
                new Case("{\"content\":\"x\",\"interruptible\":\"yes\"}", "interruptible"),
                new Case("{\"content\":\"x\",\"status\":\"done\"}", "status"),
                new Case("{\"content\":\"x\",\"sender\":\"someone-else\"}", "sender"),
                new Case("{\"content\":\"x\",\"traceId\":\"" + "t".repeat(65) + "\"}", "traceId"),
                new Case("{\"content\":\"x\",\"metadata\":{\"big\":\"" + "b".repeat(17_000) + "\"}}", "metadata"),
                new Case("{\"content\":\"" + "c".repeat(100_001) + "\"}", "content"),
                new Case("{\"content\":\"x\",\"replyTo\":\"" + foreign + "\"}", "replyTo"));
        for (Case c : cases) {
            Response response = post("/api/conversations/" + id + "/messages", c.body(), alice);
            assertThat(response.status()).as(c.field()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.errorFields()).as(c.field()).contains(c.field());
        }
        assertThat(post("/api/conversations/" + id + "/messages", "{\"content\":\"x\",\"contentType\":\"event\"}", alice)
                .json().path("detail").asString()).contains("/control");
        assertThat(post("/api/conversations/" + id + "/messages", "nope", alice).status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = CAST(:c AS uuid)").param("c", id)
                .query(Long.class).single()).isZero();
        assertThat(post("/api/conversations/bad/messages", Map.of("content", "x"), alice).status()).isEqualTo(404);
    }

    @Test
    void onlyParticipantsWithTheWriteCapabilityPost() {
        String group = group(alice);
        String secret = privateConversation(alice);
        TestPrincipal viewer = viewer(orgId);
        post("/api/conversations/" + group + "/participants", Map.of("principalId", viewer.id()), alice);

        assertThat(post("/api/conversations/" + group + "/messages", Map.of("content", "x"), member(orgId)).status()).isEqualTo(403);
        assertThat(post("/api/conversations/" + secret + "/messages", Map.of("content", "x"), member(orgId)).status()).isEqualTo(404);
        assertThat(post("/api/conversations/" + group + "/messages", Map.of("content", "x"),
                member(UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(post("/api/conversations/" + group + "/messages", Map.of("content", "x"), viewer).status())
                .as("a participant that only reads").isEqualTo(403);
        assertThat(post("/api/conversations/" + group + "/messages", Map.of("content", "x"), null).status()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE org_id = :org").param("org", orgId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void agentsThatMayWriteAreAddedByPosting() {
        String id = group(alice);
        TestPrincipal coordinator = agent(orgId, "assistant:coordinator", "cap:messaging.write", "cap:messaging.read");
        TestPrincipal mute = agent(orgId, "assistant:mute");

        Response posted = post("/api/conversations/" + id + "/messages", Map.of("content", "Hello, I can help."), coordinator);
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(posted.json().path("senderId").asString()).isEqualTo("assistant:coordinator");
        assertThat(posted.json().path("senderType").asString()).isEqualTo("agent");
        assertThat(roleOf(id, "assistant:coordinator")).isEqualTo("member");
        assertThat(events.named(id, "participant:joined")).singleElement().satisfies(e -> assertThat(e.payload())
                .isEqualTo(new ParticipantEvent(UUID.fromString(id), "assistant:coordinator", "agent", "member")));

        assertThat(post("/api/conversations/" + id + "/messages", Map.of("content", "hi"), mute).status()).isEqualTo(403);
        assertThat(roleOf(id, "assistant:mute")).isNull();
        assertThat(post("/api/conversations/" + id + "/messages", Map.of("content", "hi"),
                agent(UUID.randomUUID().toString(), "assistant:coordinator", "cap:messaging.write")).status())
                .as("an agent of another org").isEqualTo(404);
    }

    @Test
    void listsVisibleMessagesNewestFirstAndMarksThemRead() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);
        say(id, alice, "one");
        String two = say(id, bob, "two").path("id").asString();
        say(id, alice, "three");
        delete("/api/conversations/" + id + "/messages/" + two, bob);
        assertThat(lastReadAt(id, bob.id())).isNull();

        Response page = get("/api/conversations/" + id + "/messages", bob);

        assertThat(page.status()).isEqualTo(200);
        assertThat(contents(page.json())).containsExactly("three", "one");
        assertThat(page.json().path("hasMore").asBoolean()).isFalse();
        assertThat(lastReadAt(id, bob.id())).isNotNull();
        assertThat(lastReadAt(id, alice.id())).isNull();
    }

    @Test
    void listingNeedsParticipationAndGoodParameters() {
        String group = group(alice);
        String secret = privateConversation(alice);
        assertThat(get("/api/conversations/" + group + "/messages", member(orgId)).status()).isEqualTo(403);
        assertThat(get("/api/conversations/" + secret + "/messages", member(orgId)).status()).isEqualTo(404);
        assertThat(get("/api/conversations/" + group + "/messages", member(UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(get("/api/conversations/" + UUID.randomUUID() + "/messages", alice).status()).isEqualTo(404);
        for (String query : List.of("?limit=0", "?limit=201", "?before=0", "?after=-1", "?before=5&after=1", "?before=abc",
                "?limit=1.5")) {
            Response response = get("/api/conversations/" + group + "/messages" + query, alice);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
    }

    @Test
    void theSenderEditsAndEveryoneIsTold() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);
        String messageId = say(id, alice, "tpyo").path("id").asString();

        Response edited = patch("/api/conversations/" + id + "/messages/" + messageId, Map.of("content", "typo"), alice);

        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().path("content").asString()).isEqualTo("typo");
        assertThat(edited.json().path("editedAt").isNull()).isFalse();
        assertThat(events.named(id, "message:updated")).singleElement()
                .satisfies(e -> assertThat(((MessageView) e.payload()).content()).isEqualTo("typo"));
        assertThat(contents(get("/api/conversations/" + id + "/messages", bob).json())).containsExactly("typo");
    }

    @Test
    void editingIsForTheSenderWithAGoodBody() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);
        String messageId = say(id, alice, "original").path("id").asString();
        String path = "/api/conversations/" + id + "/messages/" + messageId;

        assertThat(patch(path, Map.of("content", "hijacked"), bob).status()).isEqualTo(403);
        assertThat(patch(path, Map.of("content", "hijacked"), member(UUID.randomUUID().toString())).status()).isEqualTo(404);
        for (String body : List.of("{}", "{\"content\":\"\"}", "{\"content\":1}", "{\"content\":\"x\",\"pinned\":true}")) {
            Response response = patch(path, body, alice);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(patch("/api/conversations/" + id + "/messages/nope", Map.of("content", "x"), alice).status()).isEqualTo(404);
        assertThat(patch("/api/conversations/" + id + "/messages/" + UUID.randomUUID(), Map.of("content", "x"), alice).status())
                .isEqualTo(404);
        String elsewhere = say(group(alice), alice, "elsewhere").path("id").asString();
        assertThat(patch("/api/conversations/" + id + "/messages/" + elsewhere, Map.of("content", "x"), alice).status())
                .as("a message of another conversation").isEqualTo(404);
        String control = post("/api/conversations/" + id + "/control", Map.of("event", "stream.pause"), alice)
                .json().path("id").asString();
        assertThat(patch("/api/conversations/" + id + "/messages/" + control, Map.of("content", "x"), alice).status())
                .isEqualTo(400);
        assertThat(contents(get("/api/conversations/" + id + "/messages", alice).json())).contains("original");
    }

    @Test
    void theSenderSoftDeletes() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);
        String messageId = say(id, alice, "regret").path("id").asString();
        String path = "/api/conversations/" + id + "/messages/" + messageId;

        assertThat(delete(path, bob).status()).isEqualTo(403);
        assertThat(delete(path, member(UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(delete("/api/conversations/" + id + "/messages/123", alice).status()).isEqualTo(404);
        assertThat(delete(path, alice).status()).isEqualTo(204);

        assertThat(contents(get("/api/conversations/" + id + "/messages", bob).json())).isEmpty();
        assertThat(jdbc.sql("SELECT deleted_at IS NOT NULL FROM messages WHERE id = CAST(:id AS uuid)").param("id", messageId)
                .query(Boolean.class).single()).as("kept, marked deleted").isTrue();
        assertThat(events.named(id, "message:deleted")).singleElement().satisfies(e -> assertThat(e.payload())
                .isEqualTo(Map.of("id", UUID.fromString(messageId), "conversationId", UUID.fromString(id))));
        assertThat(delete(path, alice).status()).as("already gone").isEqualTo(404);
        assertThat(patch(path, Map.of("content", "back"), alice).status()).isEqualTo(404);
    }

    static List<String> contents(JsonNode page) {
        List<String> contents = new java.util.ArrayList<>();
        page.path("messages").forEach(m -> contents.add(m.path("content").asString()));
        return contents;
    }

    private Instant updatedAt(String conversationId) {
        return jdbc.sql("SELECT updated_at FROM conversations WHERE id = CAST(:id AS uuid)").param("id", conversationId)
                .query(java.time.OffsetDateTime.class).single().toInstant();
    }

    private Instant lastReadAt(String conversationId, String principalId) {
        return jdbc.sql("SELECT last_read_at FROM participants WHERE conversation_id = CAST(:c AS uuid) AND principal_id = :p")
                .param("c", conversationId).param("p", principalId).query(java.time.OffsetDateTime.class).optional()
                .map(java.time.OffsetDateTime::toInstant).orElse(null);
    }
}
