package dev.symbia.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.test.auth.TestPrincipal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET/POST /api/conversations}, {@code GET/PATCH/DELETE /api/conversations/{id}}. */
class ConversationEndpointsTests extends MessagingTestSupport {

    @Test
    void createsAGroupWithTheCreatorAsOwnerAndTheOthersAsMembers() {
        TestPrincipal bob = member(orgId);
        Response created = post("/api/conversations", map("type", "group", "name", "Launch", "description", "Go time",
                "metadata", Map.of("topic", "release"),
                "participants", List.of(Map.of("principalId", bob.id()), Map.of("userId", "assistant:coordinator"))), alice);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("orgId").asString()).isEqualTo(orgId);
        assertThat(body.path("type").asString()).isEqualTo("group");
        assertThat(body.path("name").asString()).isEqualTo("Launch");
        assertThat(body.path("createdBy").asString()).isEqualTo(alice.id());
        assertThat(body.path("metadata").path("topic").asString()).isEqualTo("release");
        assertThat(body.path("role").asString()).isEqualTo("owner");
        JsonNode participants = body.path("participants");
        assertThat(participants).hasSize(3);
        assertThat(participants.get(0).path("principalId").asString()).isEqualTo(alice.id());
        assertThat(participants.get(0).path("role").asString()).isEqualTo("owner");
        String id = body.path("id").asString();
        assertThat(roleOf(id, bob.id())).isEqualTo("member");
        assertThat(roleOf(id, "assistant:coordinator")).isEqualTo("member");
        assertThat(jdbc.sql("SELECT principal_type FROM participants WHERE principal_id = 'assistant:coordinator'"
                + " AND conversation_id = CAST(:c AS uuid)").param("c", id).query(String.class).single())
                .as("agent ids are recognised by their prefix").isEqualTo("agent");
    }

    @Test
    void creatingRejectsBadInputWithFieldErrors() {
        record Case(String body, String field) {
        }
        List<Case> cases = List.of(
                new Case("{\"type\":\"group\"}", "name"),
                new Case("{\"type\":\"channel\",\"name\":\"x\"}", "type"),
                new Case("{\"name\":\"x\"}", "type"),
                new Case("{\"type\":\"group\",\"name\":\"" + "x".repeat(256) + "\"}", "name"),
                new Case("{\"type\":\"group\",\"name\":\"x\",\"colour\":\"red\"}", "colour"),
                new Case("{\"type\":\"group\",\"name\":\"x\",\"metadata\":\"notes\"}", "metadata"),
                new Case("{\"type\":\"group\",\"name\":\"x\",\"metadata\":{\"blob\":\"" + "y".repeat(17_000) + "\"}}", "metadata"),
                new Case("{\"type\":\"group\",\"name\":\"x\",\"participants\":[{\"principalId\":\"bad id!\"}]}",
                        "participants[0].principalId"),
                new Case("{\"type\":\"group\",\"name\":\"x\",\"participants\":[{\"principalId\":\"u1\",\"role\":\"owner\"}]}",
                        "participants[0].role"),
                new Case("{\"type\":\"group\",\"name\":\"x\",\"orgId\":\"" + UUID.randomUUID() + "\"}", "orgId"));
        for (Case c : cases) {
            Response response = post("/api/conversations", c.body(), alice);
            assertThat(response.status()).as(c.body()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.errorFields()).as(c.body()).contains(c.field());
        }
        Response malformed = post("/api/conversations", "{not json", alice);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.isProblem()).isTrue();
        assertThat(post("/api/conversations", "[]", alice).status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE org_id = :org").param("org", orgId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void creatingNeedsTheWriteCapabilityAndAnOrg() {
        Response asViewer = post("/api/conversations", Map.of("type", "private"), viewer(orgId));
        assertThat(asViewer.status()).isEqualTo(403);
        assertThat(asViewer.isProblem()).isTrue();

        Response asService = post("/api/conversations", Map.of("type", "private"),
                IDENTITY.service("assistants"), "X-Org-Id", orgId);
        assertThat(asService.status()).isEqualTo(403);

        Response otherOrg = post("/api/conversations", Map.of("type", "private"), alice, "X-Org-Id", UUID.randomUUID().toString());
        assertThat(otherOrg.status()).as("X-Org-Id of an org the caller is not in").isEqualTo(403);

        assertThat(post("/api/conversations", Map.of("type", "private"), null).status()).isEqualTo(401);
    }

    @Test
    void listsOnlyTheCallersConversationsOfTheRequestOrgMostRecentFirst() {
        TestPrincipal bob = member(orgId);
        String first = group(alice, bob);
        String second = privateConversation(alice);
        String bobsOwn = privateConversation(bob);
        say(first, alice, "bump"); // now the most recently active

        Response list = get("/api/conversations", alice);
        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list.json().path("conversations"))).containsExactly(first, second);
        assertThat(list.json().path("total").asLong()).isEqualTo(2);
        assertThat(list.json().path("conversations").get(0).has("participants")).isFalse();

        assertThat(ids(get("/api/conversations?type=private", alice).json().path("conversations"))).containsExactly(second);
        Response paged = get("/api/conversations?limit=1&offset=1", alice);
        assertThat(ids(paged.json().path("conversations"))).containsExactly(second);
        assertThat(paged.json().path("total").asLong()).isEqualTo(2);
        assertThat(ids(get("/api/conversations", bob).json().path("conversations"))).containsExactlyInAnyOrder(first, bobsOwn);
    }

    @Test
    void listingInAnotherOrgShowsNothingOfThisOne() {
        group(alice);
        String otherOrg = UUID.randomUUID().toString();
        TestPrincipal both = IDENTITY.user(UUID.randomUUID().toString()).member(otherOrg, "member").member(orgId, "member");
        group(both); // in otherOrg, its default
        String here = post("/api/conversations", Map.of("type", "private"), both, "X-Org-Id", orgId).json().path("id").asString();

        assertThat(ids(get("/api/conversations", both, "X-Org-Id", orgId).json().path("conversations"))).containsExactly(here);
        assertThat(ids(get("/api/conversations", both).json().path("conversations"))).doesNotContain(here).hasSize(1);
        assertThat(ids(get("/api/conversations", member(UUID.randomUUID().toString())).json().path("conversations"))).isEmpty();
    }

    @Test
    void listingRejectsBadParameters() {
        for (String query : List.of("?limit=0", "?limit=201", "?offset=-1", "?type=channel", "?limit=abc")) {
            Response response = get("/api/conversations" + query, alice);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(get("/api/conversations", viewer(orgId)).status()).as("viewers read").isEqualTo(200);
        assertThat(get("/api/conversations", null).status()).isEqualTo(401);
    }

    @Test
    void getsAConversationWithItsParticipants() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);

        Response asBob = get("/api/conversations/" + id, bob);
        assertThat(asBob.status()).isEqualTo(200);
        assertThat(asBob.json().path("id").asString()).isEqualTo(id);
        assertThat(asBob.json().path("role").asString()).isEqualTo("member");
        assertThat(asBob.json().path("participants")).hasSize(2);
    }

    @Test
    void getAnswers404ForOtherOrgsBadIdsAndForeignPrivateConversations() {
        String group = group(alice);
        String secret = privateConversation(alice);
        TestPrincipal stranger = member(UUID.randomUUID().toString());
        TestPrincipal colleague = member(orgId);

        assertNotFound(get("/api/conversations/" + group, stranger));
        assertNotFound(get("/api/conversations/" + secret, stranger));
        assertNotFound(get("/api/conversations/" + UUID.randomUUID(), alice));
        assertNotFound(get("/api/conversations/not-a-uuid", alice));
        assertNotFound(get("/api/conversations/" + secret, colleague));
        Response notParticipant = get("/api/conversations/" + group, colleague);
        assertThat(notParticipant.status()).as("a group of the org is visible, so not being in it is a 403").isEqualTo(403);
        assertThat(notParticipant.isProblem()).isTrue();
    }

    @Test
    void ownerOrAdminUpdatesAndEveryoneIsTold() {
        TestPrincipal bob = member(orgId);
        TestPrincipal carol = member(orgId);
        String id = post("/api/conversations", map("type", "group", "name", "Old", "description", "keep me",
                "participants", List.of(Map.of("principalId", bob.id(), "role", "admin"), Map.of("principalId", carol.id()))),
                alice).json().path("id").asString();

        Response renamed = patch("/api/conversations/" + id, Map.of("name", "New", "metadata", Map.of("a", 1)), bob);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("name").asString()).isEqualTo("New");
        assertThat(renamed.json().path("description").asString()).as("absent fields stay").isEqualTo("keep me");
        assertThat(renamed.json().path("metadata").path("a").asInt()).isEqualTo(1);

        Response replaced = patch("/api/conversations/" + id, Map.of("metadata", Map.of("b", 2)), alice);
        assertThat(replaced.json().path("metadata").has("a")).as("metadata is replaced whole").isFalse();
        assertThat(replaced.json().path("metadata").path("b").asInt()).isEqualTo(2);

        List<ConversationEvent> updates = events.named(id, "conversation:updated");
        assertThat(updates).hasSize(2);
        assertThat(((ConversationView) updates.getFirst().payload()).name()).isEqualTo("New");
        assertThat(updates.getFirst().durable()).isTrue();

        Response byMember = patch("/api/conversations/" + id, Map.of("name", "Mine"), carol);
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.isProblem()).isTrue();
        assertNotFound(patch("/api/conversations/" + id, Map.of("name", "Theirs"), member(UUID.randomUUID().toString())));
        assertThat(get("/api/conversations/" + id, alice).json().path("name").asString()).isEqualTo("New");
    }

    @Test
    void updateRejectsBadInput() {
        String id = group(alice);
        for (String body : List.of("{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":7}", "{\"type\":\"private\"}",
                "{\"metadata\":[1,2]}", "{\"description\":\"" + "d".repeat(4001) + "\"}", "nope")) {
            Response response = patch("/api/conversations/" + id, body, alice);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertNotFound(patch("/api/conversations/zzz", Map.of("name", "x"), alice));
    }

    @Test
    void onlyTheOwnerDeletesAndEverythingGoesWithIt() {
        TestPrincipal bob = member(orgId);
        String id = post("/api/conversations", map("type", "group", "name", "Doomed",
                "participants", List.of(Map.of("principalId", bob.id(), "role", "admin"))), alice).json().path("id").asString();
        say(id, alice, "soon gone");

        assertThat(delete("/api/conversations/" + id, bob).status()).as("an admin is not the owner").isEqualTo(403);
        assertNotFound(delete("/api/conversations/" + id, member(UUID.randomUUID().toString())));
        assertNotFound(delete("/api/conversations/nope", alice));

        assertThat(delete("/api/conversations/" + id, alice).status()).isEqualTo(204);
        assertNotFound(get("/api/conversations/" + id, alice));
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = CAST(:c AS uuid)").param("c", id)
                .query(Long.class).single()).isZero();
        assertThat(events.named(id, "conversation:deleted")).singleElement()
                .satisfies(e -> assertThat(e.durable()).isFalse());
    }

    @Test
    void everyEndpointIsDocumentedSoTheContractTestsCoverIt() {
        JsonNode paths = get("/docs/openapi.json", null).json().path("paths");
        for (String path : List.of("/api/conversations", "/api/conversations/{id}", "/api/conversations/{id}/join",
                "/api/conversations/{id}/leave", "/api/conversations/{id}/participants",
                "/api/conversations/{id}/participants/{principalId}", "/api/conversations/{id}/messages",
                "/api/conversations/{id}/messages/{messageId}", "/api/conversations/{id}/control",
                "/api/admin/conversations", "/api/admin/conversations/{id}", "/api/admin/stats")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.path("/api/conversations/{id}/messages/{messageId}").has("patch")).isTrue();
    }

    static void assertNotFound(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
    }

    static List<String> ids(JsonNode conversations) {
        List<String> ids = new java.util.ArrayList<>();
        conversations.forEach(c -> ids.add(c.path("id").asString()));
        return ids;
    }
}
