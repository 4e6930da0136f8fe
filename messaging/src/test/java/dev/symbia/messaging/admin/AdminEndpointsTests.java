package dev.symbia.messaging.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.conversation.MessagingTestSupport;
import dev.symbia.test.auth.TestPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/admin/conversations[/{id}]} and {@code /api/admin/stats}: org admins and super admins, own org only. */
class AdminEndpointsTests extends MessagingTestSupport {

    private TestPrincipal admin;
    private String group;
    private String secret;

    @BeforeEach
    void conversations() {
        admin = orgAdmin(orgId);
        TestPrincipal bob = member(orgId);
        group = group(alice, bob);
        secret = privateConversation(bob);
        say(group, alice, "hello");
        say(group, bob, "hi");
        String gone = say(group, bob, "oops").path("id").asString();
        delete("/api/conversations/" + group + "/messages/" + gone, bob);
        say(secret, bob, "note to self");
    }

    @Test
    void adminsListEveryConversationOfTheirOrgWhetherOrNotTheyTakePart() {
        Response list = get("/api/admin/conversations", admin);

        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(ids(list.json())).containsExactlyInAnyOrder(group, secret);
        assertThat(list.json().path("total").asLong()).isEqualTo(2);
        assertThat(list.json().path("limit").asInt()).isEqualTo(50);
        assertThat(ids(get("/api/admin/conversations?type=private", admin).json())).containsExactly(secret);
        JsonNode paged = get("/api/admin/conversations?limit=1&offset=1", admin).json();
        assertThat(ids(paged)).hasSize(1);
        assertThat(paged.path("total").asLong()).isEqualTo(2);

        TestPrincipal otherAdmin = orgAdmin(UUID.randomUUID().toString());
        assertThat(ids(get("/api/admin/conversations", otherAdmin).json())).isEmpty();
    }

    @Test
    void listingIsForAdminsWithGoodParameters() {
        assertThat(get("/api/admin/conversations", alice).status()).isEqualTo(403);
        assertThat(get("/api/admin/conversations", agent(orgId, "assistant:x", "cap:messaging.admin")).status())
                .as("an agent granted the capability is still no org admin").isEqualTo(403);
        assertThat(get("/api/admin/conversations", null).status()).isEqualTo(401);
        for (String query : List.of("?limit=0", "?limit=500", "?offset=-5", "?type=secret", "?limit=x")) {
            Response response = get("/api/admin/conversations" + query, admin);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
    }

    @Test
    void anAdminSeesAConversationWithParticipantsAndRecentMessages() {
        Response shown = get("/api/admin/conversations/" + group, admin);

        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.json().path("conversation").path("id").asString()).isEqualTo(group);
        assertThat(shown.json().path("conversation").path("participants")).hasSize(2);
        List<String> contents = new ArrayList<>();
        shown.json().path("recentMessages").forEach(m -> contents.add(m.path("content").asString()));
        assertThat(contents).containsExactly("hi", "hello");
    }

    @Test
    void aConversationOfAnotherOrgIsNotFoundEvenForItsAdmins() {
        TestPrincipal otherAdmin = orgAdmin(UUID.randomUUID().toString());
        assertThat(get("/api/admin/conversations/" + group, otherAdmin).status()).isEqualTo(404);
        assertThat(delete("/api/admin/conversations/" + group, otherAdmin).status()).isEqualTo(404);
        assertThat(get("/api/admin/conversations/" + group, alice).status()).isEqualTo(403);
        assertThat(get("/api/admin/conversations/not-a-uuid", admin).status()).isEqualTo(404);
        assertThat(get("/api/admin/conversations/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
        TestPrincipal root = IDENTITY.superAdmin("root-" + UUID.randomUUID());
        assertThat(get("/api/admin/conversations/" + group, root, "X-Org-Id", orgId).status())
                .as("super admins name the org they act in").isEqualTo(200);
    }

    @Test
    void anAdminDeletesAConversation() {
        assertThat(delete("/api/admin/conversations/" + secret, alice).status()).isEqualTo(403);
        assertThat(delete("/api/admin/conversations/nope", admin).status()).isEqualTo(404);

        assertThat(delete("/api/admin/conversations/" + secret, admin).status()).isEqualTo(204);

        assertThat(get("/api/admin/conversations/" + secret, admin).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = CAST(:c AS uuid)").param("c", secret)
                .query(Long.class).single()).isZero();
        assertThat(get("/api/admin/conversations/" + group, admin).status()).isEqualTo(200);
    }

    @Test
    void statsCountTheOrgOnly() {
        TestPrincipal otherAdmin = orgAdmin(UUID.randomUUID().toString());
        say(group(otherAdmin), otherAdmin, "elsewhere");

        Response stats = get("/api/admin/stats", admin);

        assertThat(stats.status()).as(stats.body()).isEqualTo(200);
        JsonNode body = stats.json();
        assertThat(body.path("totalConversations").asLong()).isEqualTo(2);
        assertThat(body.path("totalMessages").asLong()).as("deleted ones not counted").isEqualTo(3);
        assertThat(body.path("uniqueParticipants").asLong()).isEqualTo(2);
        assertThat(body.path("activeConversations24h").asLong()).isEqualTo(2);
        assertThat(body.path("filters").path("orgId").asString()).isEqualTo(orgId);
        JsonNode groups = get("/api/admin/stats?type=group", admin).json();
        assertThat(groups.path("totalConversations").asLong()).isEqualTo(1);
        assertThat(groups.path("totalMessages").asLong()).isEqualTo(2);

        assertThat(get("/api/admin/stats", alice).status()).isEqualTo(403);
        assertThat(get("/api/admin/stats?type=x", admin).status()).isEqualTo(400);
        assertThat(get("/api/admin/stats", otherAdmin).json().path("totalConversations").asLong()).isEqualTo(1);
        String narrowedKey = admin.apiKey("cap:messaging.read");
        assertThat(send("GET", "/api/admin/stats", null, null, "Authorization", "Bearer " + narrowedKey).status())
                .as("an admin's key without cap:messaging.admin").isEqualTo(403);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("conversations").forEach(c -> ids.add(c.path("id").asString()));
        return ids;
    }
}
