package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.e2e.support.ToolCalls;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import dev.symbia.test.vendor.VendorFake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator assistant through the running stack: a person adds {@code assistant:symbia} to a conversation and
 * asks for a Railway deploy in plain language. The model (the fake SambaNova, streaming OpenAI-format
 * {@code tool_calls}) asks for {@code railway_deploy}; symbia asks first, the person says yes, the deploy goes to
 * Railway (a fake on its GraphQL wire format) through integrations' connector — called as that person — and each
 * step is a message in the conversation. A member of the org, who lacks {@code cap:integrations.deploy}, is
 * refused even when the model asks for the deploy.
 */
@ExtendWith(StackExtension.class)
class OperatorIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Account owner;
    private static Account colleague;

    private Gateway gateway;
    private FakeProvider provider;
    private VendorFake vendors;

    @BeforeEach
    void setUp(SymbiaStack stack, Gateway gateway) {
        this.gateway = gateway;
        this.provider = stack.provider();
        this.vendors = stack.vendors();
        provider.reset();
        if (owner == null) {
            owner = Account.register(gateway, "operator");
            colleague = Account.register(gateway, "operator-member");
            Gateway.Response invited = gateway.post("/api/identity/orgs/" + owner.orgId() + "/members/invite",
                    "application/json", JSON.writeValueAsString(Map.of("email", colleague.email(), "role", "member")),
                    "Authorization", owner.bearer());
            assertThat(invited.status()).as("%s", invited).isBetween(200, 201);
            colleague = colleague.relogin(gateway);
            // the stack has no platform-wide vendor tokens: the connectors use the asking user's vault credentials
            owner.storeCredential(gateway, "railway", "railway-e2e-fake-token");
            owner.storeCredential(gateway, "jfrog", "jfrog-e2e-fake-token");
        }
    }

    @Test
    void symbiaAsksBeforeDeployingThenDeploysAsTheUserAndReports() throws Exception {
        String conversation = conversationWithSymbia(owner);
        provider.stream(toolCall("call_deploy_1", "railway_deploy",
                "{\"serviceId\":\"svc-e2e\",\"environmentId\":\"env-prod\"}"));
        provider.stream(Wire.sambaReply(MODEL, true, "Deployed svc-e2e: ", "deployment dep-e2e-1."));
        int vendorCallsBefore = vendors.received().size();

        say(owner, conversation, "deploy svc-e2e to production on Railway");
        JsonNode confirm = awaitCard(owner, conversation, "confirm");
        assertThat(confirm.path("tool").asString()).isEqualTo("railway_deploy");
        assertThat(confirm.path("status").asString()).isEqualTo("pending");
        assertThat(confirm.path("arguments").path("serviceId").asString()).isEqualTo("svc-e2e");
        assertThat(vendors.received().size()).as("nothing reached Railway before the yes").isEqualTo(vendorCallsBefore);
        // the model was offered the platform operations an org admin may perform
        RecordedRequest firstTurn = chatRequest();
        JsonNode offered = JSON.readTree(firstTurn.getBody().utf8()).path("tools");
        assertThat(offered.findValuesAsString("name")).contains("railway_deploy", "catalog_search", "secure_deploy");

        vendors.respond(request -> VendorFake.response(200, "{\"data\":{\"serviceInstanceDeployV2\":\"dep-e2e-1\"}}"));
        say(owner, conversation, "yes");
        JsonNode answer = awaitMessage(owner, conversation, "answer");
        assertThat(answer.path("content").asString()).isEqualTo("Deployed svc-e2e: deployment dep-e2e-1.");

        List<JsonNode> cards = cards(owner, conversation);
        assertThat(cards.stream().map(c -> c.path("kind").asString() + ":" + c.path("status").asString("")))
                .containsExactly("plan:", "confirm:pending", "confirmation:confirmed", "step:running", "step:succeeded",
                        "answer:");
        assertThat(cards.get(4).path("tool").asString()).isEqualTo("railway_deploy");
        assertThat(cards.get(4).path("result").toString()).contains("dep-e2e-1");
        RecordedRequest deploy = vendorRequest("/graphql/v2");
        assertThat(deploy.getUrl().encodedPath()).isEqualTo("/graphql/v2");
        assertThat(deploy.getHeaders().get("Authorization")).isEqualTo("Bearer railway-e2e-fake-token");
        assertThat(deploy.getBody().utf8()).contains("serviceInstanceDeployV2").contains("svc-e2e");
        // the model got the tool's result back before it answered
        RecordedRequest secondTurn = chatRequest();
        assertThat(secondTurn.getBody().utf8()).contains("\"role\":\"tool\"").contains("dep-e2e-1");
        // every message is from assistant:symbia, posted into the conversation; final cards are stored sealed
        for (JsonNode m : messages(owner, conversation)) {
            if (m.path("metadata").has("operator")) {
                assertThat(m.path("senderId").asString()).isEqualTo("assistant:symbia");
                JsonNode card = m.path("metadata").path("operator");
                boolean open = card.path("status").asString("").equals("running")
                        || card.path("status").asString("").equals("pending");
                assertThat(card.path("sealed").asBoolean(false)).as("%s", card).isEqualTo(!open);
                assertThat(m.path("metadata").path("symbia").path("seal").path("signature").isString())
                        .as("%s", m.path("metadata")).isEqualTo(!open);
            }
        }
    }

    @Test
    void aConfirmationThroughTheGatewayApiIsTheAskingUsersOnly() throws Exception {
        String conversation = conversationWithSymbia(owner);
        provider.stream(toolCall("call_scan_1", "xray_scan", "{\"componentId\":\"docker://api:2.0.0\"}"));
        provider.stream(Wire.sambaReply(MODEL, true, "The Xray scan of api:2.0.0 is in progress."));
        say(owner, conversation, "scan the api 2.0.0 image with Xray");
        String id = awaitCard(owner, conversation, "confirm").path("confirmationId").asString();
        String path = "/api/assistants/operator/confirmations/" + id;

        Gateway.Response anonymous = gateway.post(path, "application/json", "{\"decision\":\"confirm\"}");
        assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
        Gateway.Response other = gateway.post(path, "application/json", "{\"decision\":\"confirm\"}",
                "Authorization", colleague.bearer(), "X-Org-Id", owner.orgId());
        assertThat(other.status()).as("another member of the org: %s", other).isEqualTo(404);
        assertThat(other.isProblem()).isTrue();
        Gateway.Response bad = gateway.post(path, "application/json", "{\"decision\":\"perhaps\"}",
                "Authorization", owner.bearer(), "X-Org-Id", owner.orgId());
        assertThat(bad.status()).as("%s", bad).isEqualTo(400);
        assertThat(bad.isProblem()).isTrue();

        vendors.respond(request -> VendorFake.response(200, "{\"info\":\"Scan of artifact is in progress\"}"));
        Gateway.Response confirmed = gateway.post(path, "application/json", "{\"decision\":\"confirm\"}",
                "Authorization", owner.bearer(), "X-Org-Id", owner.orgId());
        assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(202);
        assertThat(confirmed.json().path("status").asString()).isEqualTo("confirmed");
        awaitMessage(owner, conversation, "answer");
        assertThat(cards(owner, conversation).stream().map(c -> c.path("kind").asString() + ":"
                + c.path("status").asString(""))).containsExactly("plan:", "confirm:pending", "confirmation:confirmed",
                "step:running", "step:succeeded", "answer:");
        RecordedRequest scan = vendorRequest("/xray/api/v1/scanArtifact");
        assertThat(scan.getUrl().encodedPath()).isEqualTo("/xray/api/v1/scanArtifact");
        assertThat(scan.getBody().utf8()).contains("docker://api:2.0.0");
        Gateway.Response again = gateway.post(path, "application/json", "{\"decision\":\"cancel\"}",
                "Authorization", owner.bearer(), "X-Org-Id", owner.orgId());
        assertThat(again.status()).as("%s", again).isEqualTo(409);
    }

    @Test
    void aMemberWithoutTheDeployCapabilityIsRefusedAndNothingIsDeployed() throws Exception {
        String conversation = conversationWithSymbia(owner);
        Gateway.Response added = gateway.post("/api/messaging/conversations/" + conversation + "/participants",
                "application/json", "{\"principalId\":\"" + userId(colleague) + "\",\"principalType\":\"user\"}",
                "Authorization", owner.bearer(), "X-Org-Id", owner.orgId());
        assertThat(added.status()).as("%s", added).isBetween(200, 201);
        provider.stream(toolCall("call_deploy_2", "railway_deploy",
                "{\"serviceId\":\"svc-member\",\"environmentId\":\"env-prod\"}"));
        provider.stream(Wire.sambaReply(MODEL, true, "You cannot deploy."));
        int vendorCallsBefore = vendors.received().size();

        Gateway.Response posted = gateway.post("/api/messaging/conversations/" + conversation + "/messages",
                "application/json", "{\"content\":\"deploy svc-member now\"}", "Authorization", colleague.bearer(),
                "X-Org-Id", owner.orgId());
        assertThat(posted.status()).as("%s", posted).isBetween(200, 201);
        awaitMessage(owner, conversation, "answer");
        List<JsonNode> cards = cards(owner, conversation);
        assertThat(cards.stream().map(c -> c.path("kind").asString() + ":" + c.path("status").asString("")))
                .containsExactly("plan:", "step:refused", "answer:");
        assertThat(cards.get(1).path("summary").asString()).contains("cap:integrations.deploy");
        JsonNode offered = JSON.readTree(chatRequest().getBody().utf8()).path("tools");
        assertThat(offered.findValuesAsString("name")).contains("catalog_search").doesNotContain("railway_deploy");
        assertThat(vendors.received().size()).isEqualTo(vendorCallsBefore);
        // and integrations itself refuses the member, whoever asks for it
        Gateway.Response direct = gateway.post("/api/integrations/connectors/railway/deploy", "application/json",
                "{\"serviceId\":\"svc-member\",\"environmentId\":\"env-prod\"}", "Authorization", colleague.bearer(),
                "X-Org-Id", owner.orgId());
        assertThat(direct.status()).as("%s", direct).isEqualTo(403);
    }

    // ---- helpers

    /** The last request the vendor fake received on this path (it arrives before the answer is posted). */
    private RecordedRequest vendorRequest(String path) {
        return vendors.received().reversed().stream().filter(r -> r.getUrl().encodedPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing reached " + path));
    }

    /** The fake provider's next chat request (model listings skipped). */
    private RecordedRequest chatRequest() {
        RecordedRequest request;
        do {
            request = provider.takeRequest();
        } while (!"POST".equals(request.getMethod()));
        return request;
    }

    private static ScriptedBody toolCall(String id, String name, String arguments) {
        return ToolCalls.toolCall(MODEL, id, name, arguments);
    }

    private String conversationWithSymbia(Account account) {
        Gateway.Response created = gateway.post("/api/messaging/conversations", "application/json",
                "{\"type\":\"group\",\"name\":\"Ops\",\"participants\":[{\"principalId\":\"assistant:symbia\","
                        + "\"principalType\":\"agent\"}]}", "Authorization", account.bearer(), "X-Org-Id", owner.orgId());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private void say(Account account, String conversation, String content) {
        Gateway.Response posted = gateway.post("/api/messaging/conversations/" + conversation + "/messages",
                "application/json", JSON.writeValueAsString(Map.of("content", content)), "Authorization",
                account.bearer(), "X-Org-Id", owner.orgId());
        assertThat(posted.status()).as("%s", posted).isBetween(200, 201);
    }

    private String userId(Account account) {
        Gateway.Response me = gateway.get("/api/identity/auth/me", "Authorization", account.bearer());
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        JsonNode body = me.json();
        return body.path("user").path("id").asString(body.path("id").asString());
    }

    /** The conversation's messages, oldest first. */
    private List<JsonNode> messages(Account account, String conversation) {
        Gateway.Response listing = gateway.get("/api/messaging/conversations/" + conversation + "/messages?limit=100",
                "Authorization", account.bearer(), "X-Org-Id", owner.orgId());
        assertThat(listing.status()).as("%s", listing).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        listing.json().path("messages").forEach(all::add);
        all.sort(java.util.Comparator.comparingLong(m -> m.path("sequence").asLong()));
        return all;
    }

    private List<JsonNode> cards(Account account, String conversation) {
        return messages(account, conversation).stream().map(m -> m.path("metadata").path("operator"))
                .filter(JsonNode::isObject).toList();
    }

    private JsonNode awaitMessage(Account account, String conversation, String kind) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode m : messages(account, conversation)) {
                if (kind.equals(m.path("metadata").path("operator").path("kind").asString(""))) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private JsonNode awaitCard(Account account, String conversation, String kind) {
        return awaitMessage(account, conversation, kind).path("metadata").path("operator");
    }
}
