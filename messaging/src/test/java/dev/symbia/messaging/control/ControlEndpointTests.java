package dev.symbia.messaging.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.conversation.MessagingTestSupport;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.test.auth.TestPrincipal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/conversations/{id}/control}: stored as an event message, broadcast under its own name. */
class ControlEndpointTests extends MessagingTestSupport {

    @Test
    void cancelIsStoredAndBroadcastWithTheReplyItTargets() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);
        String reply = say(id, bob, "a long answer…").path("id").asString();
        UUID runId = UUID.randomUUID();

        Response sent = post("/api/conversations/" + id + "/control", map("event", "stream.cancel",
                "target", Map.of("messageId", reply, "principalId", bob.id(), "principalType", "user"),
                "reason", "user pressed stop", "runId", runId.toString(), "traceId", "tr-9",
                "metadata", Map.of("source", "ui")), alice);

        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        JsonNode stored = sent.json();
        assertThat(stored.path("contentType").asString()).isEqualTo("event");
        assertThat(stored.path("content").asString()).isEqualTo("stream.cancel");
        assertThat(stored.path("priority").asString()).isEqualTo("high");
        assertThat(stored.path("interruptible").asBoolean()).isFalse();
        assertThat(stored.path("sequence").asLong()).isEqualTo(2);
        assertThat(stored.path("runId").asString()).isEqualTo(runId.toString());
        JsonNode control = stored.path("metadata").path("control");
        assertThat(stored.path("metadata").path("source").asString()).isEqualTo("ui");
        assertThat(control.path("event").asString()).isEqualTo("stream.cancel");
        assertThat(control.path("target").path("messageId").asString()).isEqualTo(reply);
        assertThat(control.path("messageId").asString()).isEqualTo(stored.path("id").asString());
        assertThat(control.path("effectiveAt").asString()).isNotBlank();

        List<ConversationEvent> broadcast = events.named(id, "stream.cancel");
        assertThat(broadcast).singleElement().satisfies(e -> {
            assertThat(e.durable()).isTrue();
            assertThat(e.origin()).isEqualTo(alice.id());
            ControlPayload payload = (ControlPayload) e.payload();
            assertThat(payload.event()).isEqualTo("stream.cancel");
            assertThat(payload.conversationId().toString()).isEqualTo(id);
            assertThat(payload.target()).isEqualTo(new ControlTarget(bob.id(), "user", UUID.fromString(reply)));
            assertThat(payload.reason()).isEqualTo("user pressed stop");
            assertThat(payload.runId()).isEqualTo(runId);
            assertThat(payload.traceId()).isEqualTo("tr-9");
            assertThat(payload.messageId().toString()).isEqualTo(stored.path("id").asString());
            assertThat(payload.effectiveAt().toString()).isEqualTo(control.path("effectiveAt").asString());
        });
        assertThat(events.named(id, "message:new")).as("a control event is not a chat message").hasSize(1);
    }

    @Test
    void everyKnownEventIsAcceptedAndUnknownOnesAreRefused() {
        TestPrincipal admin = orgAdmin(orgId);
        String id = group(admin);
        for (String event : ControlEvents.EVENTS) {
            assertThat(post("/api/conversations/" + id + "/control", Map.of("event", event), admin).status())
                    .as(event).isEqualTo(201);
        }
        Response unknown = post("/api/conversations/" + id + "/control", Map.of("event", "stream.explode"), admin);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorFields()).containsExactly("event");
        assertThat(events.named(id, "stream.explode")).isEmpty();
    }

    @Test
    void badBodiesAreRefused() {
        String id = group(alice);
        String foreign = say(group(alice), alice, "elsewhere").path("id").asString();
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{}", "event"),
                new Case("{\"event\":\"\"}", "event"),
                new Case("{\"event\":42}", "event"),
                new Case("{\"event\":\"stream.pause\",\"target\":\"bob\"}", "target"),
                new Case("{\"event\":\"stream.pause\",\"target\":{\"principalType\":\"robot\"}}", "target.principalType"),
                new Case("{\"event\":\"stream.pause\",\"target\":{\"messageId\":\"x\"}}", "target.messageId"),
                new Case("{\"event\":\"stream.pause\",\"target\":{\"messageId\":\"" + foreign + "\"}}", "target.messageId"),
                new Case("{\"event\":\"stream.pause\",\"reason\":\"" + "r".repeat(1001) + "\"}", "reason"),
                new Case("{\"event\":\"stream.pause\",\"runId\":\"run-1\"}", "runId"),
                new Case("{\"event\":\"stream.pause\",\"urgent\":true}", "urgent"),
                new Case("{\"event\":\"stream.pause\",\"metadata\":{\"x\":\"" + "m".repeat(17_000) + "\"}}", "metadata"))) {
            Response response = post("/api/conversations/" + id + "/control", c.body(), alice);
            assertThat(response.status()).as(c.body()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.errorFields()).as(c.body()).contains(c.field());
        }
        assertThat(post("/api/conversations/not-an-id/control", Map.of("event", "stream.pause"), alice).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = CAST(:c AS uuid)").param("c", id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void theInterruptCapabilityIsRequired() {
        TestPrincipal viewer = viewer(orgId);
        String id = group(alice);
        post("/api/conversations/" + id + "/participants", Map.of("principalId", viewer.id()), alice);
        TestPrincipal limitedAgent = agent(orgId, "assistant:observer", "cap:messaging.read", "cap:messaging.write");
        post("/api/conversations/" + id + "/participants", Map.of("principalId", "assistant:observer"), alice);

        Response byViewer = post("/api/conversations/" + id + "/control", Map.of("event", "stream.pause"), viewer);
        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(byViewer.isProblem()).isTrue();
        assertThat(byViewer.json().path("detail").asString()).contains("cap:messaging.interrupt");
        assertThat(post("/api/conversations/" + id + "/control", Map.of("event", "stream.cancel"), limitedAgent).status())
                .isEqualTo(403);
        TestPrincipal interrupter = agent(orgId, "assistant:observer", "cap:messaging.interrupt");
        assertThat(post("/api/conversations/" + id + "/control", Map.of("event", "stream.cancel"), interrupter).status())
                .isEqualTo(201);
        assertThat(events.named(id, "stream.pause")).isEmpty();
    }

    @Test
    void routingAndHandoffNeedTheRouteCapabilityWhichSuperAdminsBypass() {
        TestPrincipal bob = member(orgId);
        String id = group(alice, bob);

        assertThat(post("/api/conversations/" + id + "/control", Map.of("event", "stream.route"), bob).status())
                .as("members may interrupt but not route").isEqualTo(403);
        assertThat(post("/api/conversations/" + id + "/control", Map.of("event", "stream.handoff",
                "target", Map.of("principalId", "assistant:expert")), bob).status()).isEqualTo(403);
        assertThat(post("/api/conversations/" + id + "/control", Map.of("event", "stream.pause"), bob).status()).isEqualTo(201);

        TestPrincipal root = IDENTITY.superAdmin("root-" + UUID.randomUUID()).caps();
        assertThat(post("/api/conversations/" + id + "/join", null, root, "X-Org-Id", orgId).status()).isEqualTo(201);
        assertThat(post("/api/conversations/" + id + "/control", Map.of("event", "stream.handoff"), root, "X-Org-Id", orgId)
                .status()).as("super admins pass every capability check").isEqualTo(201);
        assertThat(events.named(id, "stream.handoff")).hasSize(1);
    }

    @Test
    void onlyParticipantsOfTheOrgSendControlEvents() {
        String group = group(alice);
        String secret = privateConversation(alice);

        assertThat(post("/api/conversations/" + group + "/control", Map.of("event", "stream.pause"),
                member(UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(post("/api/conversations/" + group + "/control", Map.of("event", "stream.pause"), member(orgId)).status())
                .isEqualTo(403);
        assertThat(post("/api/conversations/" + secret + "/control", Map.of("event", "stream.pause"), member(orgId)).status())
                .isEqualTo(404);
        TestPrincipal agent = agent(orgId, "assistant:bystander", "cap:messaging.interrupt", "cap:messaging.write");
        assertThat(post("/api/conversations/" + group + "/control", Map.of("event", "stream.pause"), agent).status())
                .as("agents are added by posting messages, not control events").isEqualTo(403);
        assertThat(post("/api/conversations/" + group + "/control", Map.of("event", "stream.pause"), null).status()).isEqualTo(401);
        assertThat(events.of(group)).noneMatch(e -> e.name().startsWith("stream."));
    }
}
