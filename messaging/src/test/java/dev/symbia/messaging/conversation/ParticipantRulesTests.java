package dev.symbia.messaging.conversation;

import static dev.symbia.messaging.conversation.ConversationEndpointsTests.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.test.auth.TestPrincipal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Join, leave, add and remove participants: the reference's rules with its defects fixed. */
class ParticipantRulesTests extends MessagingTestSupport {

    @Test
    void orgMembersJoinAGroupAndEveryoneIsTold() {
        String id = group(alice);
        TestPrincipal bob = member(orgId);

        Response joined = post("/api/conversations/" + id + "/join", null, bob);
        assertThat(joined.status()).as(joined.body()).isEqualTo(201);
        assertThat(joined.json().path("principalId").asString()).isEqualTo(bob.id());
        assertThat(joined.json().path("role").asString()).isEqualTo("member");
        assertThat(get("/api/conversations/" + id, bob).status()).isEqualTo(200);

        Response again = post("/api/conversations/" + id + "/join", null, bob);
        assertThat(again.status()).as("joining twice changes nothing").isEqualTo(200);

        List<ConversationEvent> joins = events.named(id, "participant:joined");
        assertThat(joins).hasSize(1);
        assertThat(joins.getFirst().payload()).isEqualTo(new ParticipantEvent(UUID.fromString(id), bob.id(), "user", "member"));
    }

    @Test
    void joiningNeverDemotesTheOwnerOrAnAdmin() {
        TestPrincipal bob = member(orgId);
        String id = post("/api/conversations", map("type", "group", "name", "Roles",
                "participants", List.of(Map.of("principalId", bob.id(), "role", "admin"))), alice).json().path("id").asString();

        Response ownerJoins = post("/api/conversations/" + id + "/join", null, alice);
        assertThat(ownerJoins.status()).isEqualTo(200);
        assertThat(ownerJoins.json().path("role").asString()).isEqualTo("owner");
        post("/api/conversations/" + id + "/join", null, bob);

        assertThat(roleOf(id, alice.id())).isEqualTo("owner");
        assertThat(roleOf(id, bob.id())).isEqualTo("admin");
        assertThat(delete("/api/conversations/" + id, alice).status()).as("still the owner").isEqualTo(204);
    }

    @Test
    void privateConversationsAndOtherOrgsCannotBeJoined() {
        String secret = privateConversation(alice);
        String group = group(alice);

        assertNotFound(post("/api/conversations/" + secret + "/join", null, member(orgId)));
        assertNotFound(post("/api/conversations/" + group + "/join", null, member(UUID.randomUUID().toString())));
        assertNotFound(post("/api/conversations/not-a-uuid/join", null, alice));
        assertThat(post("/api/conversations/" + group + "/join", null, viewer(orgId)).status())
                .as("viewers only read").isEqualTo(403);
        // A super admin acting in the org (X-Org-Id) may join it; a super admin is not a member anywhere.
        TestPrincipal root = IDENTITY.superAdmin("root-" + UUID.randomUUID());
        assertThat(post("/api/conversations/" + group + "/join", null, root, "X-Org-Id", orgId).status()).isEqualTo(201);
        assertThat(roleOf(secret, alice.id())).isEqualTo("owner");
        assertThat(jdbc.sql("SELECT count(*) FROM participants WHERE conversation_id = CAST(:c AS uuid)")
                .param("c", secret).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void participantsLeaveButTheOwnerCannot() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);

        assertThat(post("/api/conversations/" + id + "/leave", null, bob).status()).isEqualTo(204);
        assertThat(roleOf(id, bob.id())).isNull();
        assertThat(events.named(id, "participant:left")).singleElement()
                .satisfies(e -> assertThat(e.payload()).isEqualTo(new ParticipantEvent(UUID.fromString(id), bob.id(), "user", "member")));
        assertThat(get("/api/conversations/" + id, bob).status()).isEqualTo(403);

        Response ownerLeaves = post("/api/conversations/" + id + "/leave", null, alice);
        assertThat(ownerLeaves.status()).isEqualTo(400);
        assertThat(ownerLeaves.isProblem()).isTrue();
        assertThat(roleOf(id, alice.id())).isEqualTo("owner");

        assertThat(post("/api/conversations/" + id + "/leave", null, bob).status()).as("no longer in it").isEqualTo(403);
        assertNotFound(post("/api/conversations/" + id + "/leave", null, member(UUID.randomUUID().toString())));
        assertNotFound(post("/api/conversations/not%20a%20uuid/leave", null, alice));
    }

    @Test
    void ownersAndAdminsAddParticipantsOfEitherKind() {
        TestPrincipal bob = member(orgId);
        TestPrincipal carol = member(orgId);
        String id = group(alice, bob);

        Response agent = post("/api/conversations/" + id + "/participants", Map.of("principalId", "assistant:coordinator"), alice);
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        assertThat(agent.json().path("principalType").asString()).isEqualTo("agent");
        Response admin = post("/api/conversations/" + id + "/participants",
                Map.of("userId", carol.id(), "userType", "user", "role", "admin"), alice);
        assertThat(admin.status()).isEqualTo(201);
        assertThat(roleOf(id, carol.id())).isEqualTo("admin");

        agent(orgId, "agent:helper"); // an agent of the org, as identity knows it
        Response byAdmin = post("/api/conversations/" + id + "/participants", Map.of("principalId", "agent:helper"), carol);
        assertThat(byAdmin.status()).as("admins add members").isEqualTo(201);
        assertThat(post("/api/conversations/" + id + "/participants", Map.of("principalId", "u-x", "role", "admin"), carol)
                .status()).as("only the owner makes admins").isEqualTo(403);
        assertThat(post("/api/conversations/" + id + "/participants", Map.of("principalId", "assistant:coordinator"), alice)
                .status()).as("already there").isEqualTo(409);
        assertThat(events.named(id, "participant:joined")).extracting(e -> ((ParticipantEvent) e.payload()).principalId())
                .containsExactly("assistant:coordinator", carol.id(), "agent:helper");
    }

    @Test
    void onlyPrincipalsOfTheOrgCanBeAdded() {
        String id = group(alice);
        TestPrincipal outsider = member(UUID.randomUUID().toString());
        agent(UUID.randomUUID().toString(), "agent:elsewhere");
        for (String stranger : List.of(outsider.id(), UUID.randomUUID().toString(), "agent:elsewhere", "agent:nowhere")) {
            Response response = post("/api/conversations/" + id + "/participants", Map.of("principalId", stranger), alice);
            assertThat(response.status()).as(stranger).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.body()).contains("\"field\":\"principalId\"");
            assertThat(roleOf(id, stranger)).isNull();
        }
        Long before = jdbc.sql("SELECT count(*) FROM conversations WHERE org_id = :org").param("org", orgId)
                .query(Long.class).single();
        TestPrincipal bob = member(orgId);
        Response create = post("/api/conversations", Map.of("type", "group", "name", "mixed", "participants",
                List.of(Map.of("principalId", bob.id()), Map.of("principalId", outsider.id()))), alice);
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.body()).contains("\"field\":\"participants[1].principalId\"");
        assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE org_id = :org").param("org", orgId)
                .query(Long.class).single()).as("nothing created").isEqualTo(before);
    }

    @Test
    void whileIdentityCannotAnswerParticipantsAreRefusedWithA503() {
        String id = group(alice);
        TestPrincipal bob = member(orgId);
        IDENTITY.setAvailable(false);
        try {
            Response response = post("/api/conversations/" + id + "/participants", Map.of("principalId", bob.id()), alice);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        } finally {
            IDENTITY.setAvailable(true);
        }
        assertThat(roleOf(id, bob.id())).isNull();
        assertThat(post("/api/conversations/" + id + "/participants", Map.of("principalId", bob.id()), alice).status())
                .as("once identity answers again").isEqualTo(201);
    }

    @Test
    void membersAndStrangersCannotAddParticipants() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);

        Response byMember = post("/api/conversations/" + id + "/participants", Map.of("principalId", "u-1"), bob);
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.isProblem()).isTrue();
        assertNotFound(post("/api/conversations/" + id + "/participants", Map.of("principalId", "u-1"),
                member(UUID.randomUUID().toString())));
        assertThat(roleOf(id, "u-1")).isNull();
    }

    @Test
    void addingRejectsBadInput() {
        String id = group(alice);
        for (String body : List.of("{}", "{\"principalId\":\"\"}", "{\"principalId\":\"has space\"}",
                "{\"principalId\":\"u1\",\"principalType\":\"robot\"}", "{\"principalId\":\"u1\",\"role\":\"owner\"}",
                "{\"principalId\":\"u1\",\"extra\":true}", "{\"principalId\":\"" + "x".repeat(201) + "\"}", "[]")) {
            Response response = post("/api/conversations/" + id + "/participants", body, alice);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertNotFound(post("/api/conversations/12/participants", Map.of("principalId", "u1"), alice));
    }

    @Test
    void agentParticipantsAreRemovableByTheirPublicId() {
        String id = group(alice);
        post("/api/conversations/" + id + "/participants", Map.of("principalId", "assistant:coordinator"), alice);

        Response removed = delete("/api/conversations/" + id + "/participants/assistant:coordinator", alice);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(roleOf(id, "assistant:coordinator")).isNull();
        assertThat(events.named(id, "participant:left")).singleElement()
                .satisfies(e -> assertThat(((ParticipantEvent) e.payload()).principalType()).isEqualTo("agent"));
        assertNotFound(delete("/api/conversations/" + id + "/participants/assistant:coordinator", alice));
    }

    @Test
    void theOwnerIsNeverRemovedAndMembersRemoveNobody() {
        TestPrincipal bob = member(orgId);
        TestPrincipal carol = member(orgId);
        String id = post("/api/conversations", map("type", "group", "name", "Guarded",
                "participants", List.of(Map.of("principalId", bob.id(), "role", "admin"), Map.of("principalId", carol.id()))),
                alice).json().path("id").asString();

        Response removeOwner = delete("/api/conversations/" + id + "/participants/" + alice.id(), bob);
        assertThat(removeOwner.status()).isEqualTo(400);
        assertThat(removeOwner.isProblem()).isTrue();
        assertThat(delete("/api/conversations/" + id + "/participants/" + bob.id(), carol).status()).isEqualTo(403);
        assertNotFound(delete("/api/conversations/" + id + "/participants/" + carol.id(), member(UUID.randomUUID().toString())));
        assertThat(roleOf(id, alice.id())).isEqualTo("owner");
        assertThat(roleOf(id, bob.id())).isEqualTo("admin");

        assertThat(delete("/api/conversations/" + id + "/participants/" + carol.id(), bob).status()).isEqualTo(204);
        assertThat(roleOf(id, carol.id())).isNull();
    }
}
