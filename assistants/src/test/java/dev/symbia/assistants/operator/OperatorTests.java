package dev.symbia.assistants.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.test.auth.TestIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator assistant against fakes on the real wire: identity ({@link TestIdentity}, which issues the acting
 * tokens), and one MockWebServer standing in for catalog (the roster with {@code symbia}, and search), logging and
 * integrations — whose {@code /api/execute} returns scripted model turns with tool calls in integrations'
 * normalised contract, and whose connectors record what they were asked. The network is a {@link RecordingRelay}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}")
@Import(OperatorTests.TestBeans.class)
class OperatorTests {

    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ORG = "org-op-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String OTHER_ORG = "org-other-" + UUID.randomUUID().toString().substring(0, 8);
    private static final MockWebServer PEERS = new MockWebServer();
    /** Scripted model turns, per conversation: each /api/execute call takes the next. */
    private static final Map<String, BlockingQueue<String>> TURNS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final BlockingQueue<RecordedRequest> MODEL_CALLS = new LinkedBlockingQueue<>();
    private static final BlockingQueue<RecordedRequest> TOOL_CALLS = new LinkedBlockingQueue<>();

    static {
        PEERS.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/api/resources")) {
                    return json(200, "[{\"id\":\"" + UUID.randomUUID() + "\",\"key\":\"assistants/symbia\",\"name\":\"Symbia\","
                            + "\"type\":\"assistant\",\"status\":\"published\",\"orgId\":null,\"tags\":[],"
                            + "\"metadata\":{\"alias\":\"symbia\"}}]");
                }
                if (path.equals("/api/resolve/assistants/symbia")) {
                    return json(200, "{\"version\":1,\"content\":{\"name\":\"Symbia\",\"description\":\"Operator\","
                            + "\"metadata\":{\"alias\":\"symbia\"},\"tags\":[]}}");
                }
                if (path.equals("/api/execute")) {
                    MODEL_CALLS.add(request);
                    String user = JSON.readTree(request.getBody().utf8()).path("params").path("messages").get(1)
                            .path("content").asString();
                    BlockingQueue<String> script = TURNS.get(user);
                    String next = script == null ? null : script.poll();
                    if (next != null && next.startsWith("data:")) { // integrations' event stream
                        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                                .body(next).build();
                    }
                    return next == null ? json(200, turn("Nothing more to do.")) : json(200, next);
                }
                TOOL_CALLS.add(request);
                if (path.equals("/api/search")) {
                    return json(200, "[{\"key\":\"graphs/nightly\",\"name\":\"Nightly build\",\"type\":\"graph\"}]");
                }
                if (path.startsWith("/api/connectors/railway/deploy")) {
                    return json(200, "{\"connector\":\"railway\",\"operation\":\"deploy\",\"result\":\"dep-42\"}");
                }
                if (path.startsWith("/api/connectors/")) {
                    return json(200, "{\"connector\":\"jfrog\",\"result\":{\"ok\":true}}");
                }
                return json(404, "{\"title\":\"Not Found\",\"status\":404}");
            }
        });
        try {
            PEERS.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void urls(DynamicPropertyRegistry registry) {
        String url = "http://127.0.0.1:" + PEERS.getPort();
        registry.add("CATALOG_SERVICE_URL", () -> url);
        registry.add("INTEGRATIONS_SERVICE_URL", () -> url);
        registry.add("LOGGING_SERVICE_URL", () -> url);
        registry.add("RUNTIME_SERVICE_URL", () -> url);
    }

    @AfterAll
    static void stop() throws IOException {
        PEERS.close();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("assistants");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingRelay relay;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Operator operator;

    @BeforeEach
    void loaded() {
        await().atMost(Duration.ofSeconds(20)).until(() -> status(get("/api/assistants/symbia", memberToken())) == 200);
    }

    // ---- the scripted model

    private static String turn(String content, String... toolCalls) {
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < toolCalls.length; i += 2) {
            calls.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(Map.of("id", "call_" + UUID.randomUUID(),
                    "type", "function", "function", Map.of("name", toolCalls[i], "arguments", toolCalls[i + 1]))));
        }
        return "{\"provider\":\"fake\",\"model\":\"fake-tools\",\"content\":" + JSON.writeValueAsString(content)
                + ",\"finishReason\":\"" + (toolCalls.length > 0 ? "tool_calls" : "stop") + "\",\"toolCalls\":["
                + calls + "],\"usage\":{\"promptTokens\":1,\"completionTokens\":1,\"totalTokens\":2}}";
    }

    /** A turn as integrations streams it: text pieces, tool-call fragments ({name, arguments}), then done. */
    private static String streamed(List<String> pieces, String... toolCalls) {
        StringBuilder sse = new StringBuilder();
        for (String piece : pieces) {
            sse.append("data: ").append(JSON.writeValueAsString(Map.of("content", piece))).append("\n\n");
        }
        for (int i = 0; i < toolCalls.length; i += 2) {
            String arguments = toolCalls[i + 1];
            int half = arguments.length() / 2;
            sse.append("data: ").append(JSON.writeValueAsString(Map.of("toolCall", Map.of("index", i / 2,
                    "id", "call_s" + i, "name", toolCalls[i], "arguments", arguments.substring(0, half))))).append("\n\n");
            sse.append("data: ").append(JSON.writeValueAsString(Map.of("toolCall", Map.of("index", i / 2,
                    "arguments", arguments.substring(half))))).append("\n\n");
        }
        return sse.append("data: {\"done\":true,\"provider\":\"fake\",\"model\":\"fake-tools\",\"finishReason\":\"")
                .append(toolCalls.length > 0 ? "tool_calls" : "stop").append("\"}\n\n").toString();
    }

    /** A request that the model answers with these turns, in order. */
    private static String script(String request, String... turns) {
        String unique = request + " #" + UUID.randomUUID();
        TURNS.put(unique, new LinkedBlockingQueue<>(List.of(turns)));
        return unique;
    }

    // ---- tests

    @Test
    void aReadOnlyToolRunsAsTheUserWithoutConfirmation() throws Exception {
        var user = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "member");
        String conversation = UUID.randomUUID().toString();
        String request = script("find the nightly build graph",
                turn("", "catalog_search", "{\"query\":\"nightly build\"}"), turn("The nightly build graph is graphs/nightly."));
        say(conversation, user.id(), request);

        JsonNode answer = awaitCard(conversation, "answer");
        assertThat(answer.path("message").path("content").asString()).isEqualTo("The nightly build graph is graphs/nightly.");
        List<JsonNode> cards = cards(conversation);
        assertThat(cards.stream().map(c -> c.path("kind").asString() + ":" + c.path("status").asString(""))).containsExactly(
                "plan:", "step:running", "step:succeeded", "answer:");
        assertThat(cards.get(0).path("steps").get(0).path("tool").asString()).isEqualTo("catalog_search");
        assertThat(cards.get(2).path("result").get(0).path("key").asString()).isEqualTo("graphs/nightly");
        assertThat(cards.get(1).path("stepId").asString()).isEqualTo(cards.get(2).path("stepId").asString());

        // the tool ran with the user's own token in the org (so catalog checks the user's rights), not a service's
        RecordedRequest search = TOOL_CALLS.stream().filter(r -> r.getUrl().encodedPath().equals("/api/search"))
                .filter(r -> r.getBody().utf8().contains("nightly build")).findFirst().orElseThrow();
        var claims = SignedJWT.parse(search.getHeaders().get("Authorization").substring(7)).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(user.id());
        assertThat(claims.getStringClaim("typ")).isEqualTo("user");
        assertThat(search.getHeaders().get("X-Org-Id")).isEqualTo(ORG);
        // the model saw only what a member may do, and got the tool's result back
        JsonNode first = modelCall(request, 0);
        List<String> offered = first.path("params").path("tools").findValuesAsString("name");
        assertThat(offered).contains("catalog_search", "logs_query", "railway_status")
                .doesNotContain("railway_deploy", "secure_deploy", "pipelines_trigger");
        JsonNode second = modelCall(request, 1);
        JsonNode toolMessage = second.path("params").path("messages").get(3);
        assertThat(toolMessage.path("role").asString()).isEqualTo("tool");
        assertThat(toolMessage.path("content").asString()).contains("graphs/nightly");
        assertThat(runStatus(conversation)).isEqualTo("succeeded");
    }

    @Test
    void aWorldChangingToolWaitsForYesThenRunsAndReports() {
        var admin = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin");
        String conversation = UUID.randomUUID().toString();
        String request = script("deploy api to production",
                turn("", "railway_deploy", "{\"serviceId\":\"svc-api\",\"environmentId\":\"env-prod\"}"),
                turn("Deployed: deployment dep-42."));
        say(conversation, admin.id(), request);

        JsonNode confirm = awaitCard(conversation, "confirm").path("message").path("metadata").path("operator");
        assertThat(confirm.path("tool").asString()).isEqualTo("railway_deploy");
        assertThat(confirm.path("status").asString()).isEqualTo("pending");
        assertThat(confirm.path("arguments").path("serviceId").asString()).isEqualTo("svc-api");
        assertThat(deployCalls("svc-api")).as("nothing deployed before the yes").isZero();
        assertThat(runStatus(conversation)).isEqualTo("awaiting_confirmation");

        say(conversation, admin.id(), "yes");
        JsonNode answer = awaitCard(conversation, "answer");
        assertThat(answer.path("message").path("content").asString()).isEqualTo("Deployed: deployment dep-42.");
        assertThat(cards(conversation).stream().map(c -> c.path("kind").asString() + ":" + c.path("status").asString("")))
                .containsExactly("plan:", "confirm:pending", "confirmation:confirmed", "step:running", "step:succeeded",
                        "answer:");
        JsonNode confirmation = cards(conversation).get(2);
        assertThat(confirmation.path("confirmationId").asString()).isEqualTo(confirm.path("confirmationId").asString());
        assertThat(deployCalls("svc-api")).isEqualTo(1);
        assertThat(runStatus(conversation)).isEqualTo("succeeded");
    }

    @Test
    void noCancelsAndNothingChanges() {
        var admin = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin");
        String conversation = UUID.randomUUID().toString();
        String request = script("run the release pipeline",
                turn("", "pipelines_trigger", "{\"pipelineName\":\"release-cancelled\",\"branchName\":\"main\"}"));
        say(conversation, admin.id(), request);
        String id = awaitCard(conversation, "confirm").path("message").path("metadata").path("operator")
                .path("confirmationId").asString();

        say(conversation, admin.id(), "no");
        await().atMost(Duration.ofSeconds(10)).until(() -> cards(conversation).stream()
                .anyMatch(c -> c.path("kind").asString().equals("confirmation")));
        JsonNode cancelled = cards(conversation).getLast();
        assertThat(cancelled.path("confirmationId").asString()).isEqualTo(id);
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled".equals(runStatus(conversation)));
        assertThat(TOOL_CALLS.stream().filter(r -> r.getBody().utf8().contains("release-cancelled"))).isEmpty();
        // a later "yes" is an ordinary new request, not a late confirmation
        assertThat(status(post("/api/operator/confirmations/" + id, "{\"decision\":\"confirm\"}", admin.token())))
                .isEqualTo(409);
    }

    @Test
    void aToolTheUserLacksTheCapabilityForIsRefused() {
        var member = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "member");
        String conversation = UUID.randomUUID().toString();
        String request = script("deploy it anyway",
                turn("", "railway_deploy", "{\"serviceId\":\"svc-refused\",\"environmentId\":\"env-prod\"}"),
                turn("I cannot deploy for you: you lack the deploy capability."));
        say(conversation, member.id(), request);

        awaitCard(conversation, "answer");
        List<JsonNode> cards = cards(conversation);
        assertThat(cards.stream().map(c -> c.path("kind").asString() + ":" + c.path("status").asString("")))
                .containsExactly("plan:", "step:refused", "answer:");
        assertThat(cards.get(1).path("summary").asString()).contains("cap:integrations.deploy");
        assertThat(deployCalls("svc-refused")).isZero();
        JsonNode toolMessage = modelCall(request, 1).path("params").path("messages").get(3);
        assertThat(toolMessage.path("content").asString()).startsWith("refused:");
    }

    @Test
    void theConfirmationEndpointIsTheAskingUsersOnly() {
        var admin = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin");
        String conversation = UUID.randomUUID().toString();
        String request = script("scan the api image",
                turn("", "xray_scan", "{\"componentId\":\"docker://api:1.4.2\"}"), turn("Scan started."));
        say(conversation, admin.id(), request);
        String id = awaitCard(conversation, "confirm").path("message").path("metadata").path("operator")
                .path("confirmationId").asString();
        String path = "/api/operator/confirmations/" + id;

        // wrong principals: anonymous, another admin of the same org, the same user id in another org
        assertThat(status(post(path, "{\"decision\":\"confirm\"}", null))).isEqualTo(401);
        String colleague = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin").token();
        assertProblem(post(path, "{\"decision\":\"confirm\"}", colleague), 404);
        String elsewhere = IDENTITY.user(UUID.randomUUID().toString()).member(OTHER_ORG, "admin").token();
        assertProblem(post(path, "{\"decision\":\"confirm\"}", elsewhere), 404);
        // bad input
        for (String bad : new String[] {"{\"decision\":\"maybe\"}", "{}", "{\"decision\":\"confirm\",\"x\":1}", "[]", "not json"}) {
            assertProblem(post(path, bad, admin.token()), 400);
        }
        assertProblem(post("/api/operator/confirmations/not-a-uuid", "{\"decision\":\"confirm\"}", admin.token()), 404);
        assertThat(TOOL_CALLS.stream().filter(r -> r.getBody().utf8().contains("api:1.4.2"))).isEmpty();

        HttpResponse<String> accepted = post(path, "{\"decision\":\"confirm\"}", admin.token());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body()).path("status").asString()).isEqualTo("confirmed");
        awaitCard(conversation, "answer");
        assertThat(cards(conversation).stream().map(c -> c.path("kind").asString() + ":" + c.path("status").asString("")))
                .containsExactly("plan:", "confirm:pending", "confirmation:confirmed", "step:running", "step:succeeded",
                        "answer:");
        assertThat(TOOL_CALLS.stream().filter(r -> r.getBody().utf8().contains("api:1.4.2"))).hasSize(1);
        assertProblem(post(path, "{\"decision\":\"cancel\"}", admin.token()), 409);
    }

    @Test
    void anExpiredConfirmationDoesNothing() {
        var admin = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin");
        String conversation = UUID.randomUUID().toString();
        String request = script("upload the notes",
                turn("", "artifactory_upload", "{\"repo\":\"docs\",\"path\":\"notes-expired.txt\",\"content\":\"hi\"}"));
        say(conversation, admin.id(), request);
        String id = awaitCard(conversation, "confirm").path("message").path("metadata").path("operator")
                .path("confirmationId").asString();
        jdbc.sql("UPDATE operator_confirmations SET expires_at = now() - interval '1 minute' WHERE id = :id")
                .param("id", UUID.fromString(id)).update();

        assertProblem(post("/api/operator/confirmations/" + id, "{\"decision\":\"confirm\"}", admin.token()), 409);
        JsonNode expired = cards(conversation).getLast();
        assertThat(expired.path("kind").asString()).isEqualTo("confirmation");
        assertThat(expired.path("status").asString()).isEqualTo("expired");
        assertThat(TOOL_CALLS.stream().filter(r -> r.getBody().utf8().contains("notes-expired"))).isEmpty();
    }

    @Test
    void anUnansweredConfirmationIsSweptAsExpiredAndItsRunStops() {
        var admin = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "admin");
        String conversation = UUID.randomUUID().toString();
        String request = script("trigger nightly",
                turn("", "pipelines_trigger", "{\"pipelineName\":\"nightly-swept\",\"branchName\":\"main\"}"));
        say(conversation, admin.id(), request);
        String id = awaitCard(conversation, "confirm").path("message").path("metadata").path("operator")
                .path("confirmationId").asString();
        jdbc.sql("UPDATE operator_confirmations SET expires_at = now() - interval '1 second' WHERE id = :id")
                .param("id", UUID.fromString(id)).update();

        operator.expireOverdue();
        JsonNode expired = cards(conversation).getLast();
        assertThat(expired.path("kind").asString() + ":" + expired.path("status").asString()).isEqualTo("confirmation:expired");
        assertThat(expired.path("confirmationId").asString()).isEqualTo(id);
        assertThat(runStatus(conversation)).isEqualTo("cancelled");
        operator.expireOverdue();
        assertThat(cards(conversation).stream().filter(c -> c.path("kind").asString().equals("confirmation"))).hasSize(1);
        // a late "yes" is a new request, not the expired step
        say(conversation, admin.id(), "yes");
        awaitCard(conversation, "answer");
        assertThat(TOOL_CALLS.stream().filter(r -> r.getBody().utf8().contains("nightly-swept"))).isEmpty();
    }

    @Test
    void aModelFailureAndABadToolAreShownAsStepsAndTheLoopIsBounded() {
        var member = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "member");
        String conversation = UUID.randomUUID().toString();
        String[] turns = new String[20];
        for (int i = 0; i < turns.length; i++) {
            turns[i] = i == 0 ? turn("", "no_such_tool", "{}", "catalog_search", "not json")
                    : turn("", "catalog_search", "{\"query\":\"again " + i + "\"}");
        }
        String request = script("loop forever", turns);
        say(conversation, member.id(), request);
        JsonNode answer = awaitCard(conversation, "answer");
        assertThat(answer.path("message").path("content").asString()).startsWith("I stopped after 12 steps");
        List<JsonNode> cards = cards(conversation);
        assertThat(cards.get(1).path("status").asString()).isEqualTo("refused");
        assertThat(cards.get(1).path("summary").asString()).contains("no tool named no_such_tool");
        assertThat(cards.get(2).path("status").asString()).isEqualTo("failed");
        assertThat(runStatus(conversation)).isEqualTo("failed");
    }

    @Test
    void theAnswerStreamsIntoTheConversationAndFinalCardsAreSealed() throws Exception {
        var user = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "member");
        String conversation = UUID.randomUUID().toString();
        String request = script("what is the nightly graph",
                streamed(List.of("Let me look."), "catalog_search", "{\"query\":\"nightly\"}"),
                streamed(List.of("It is ", "graphs/", "nightly.")));
        say(conversation, user.id(), request);

        JsonNode answer = awaitCard(conversation, "answer");
        assertThat(answer.path("message").path("content").asString()).isEqualTo("It is graphs/nightly.");
        String answerId = answer.path("messageId").asString();
        List<JsonNode> live = deltas(conversation, answerId);
        assertThat(live).as("the answer's text arrived live, under the answer's id").isNotEmpty();
        assertThat(String.join("", live.stream().map(d -> d.path("content").asString()).toList()))
                .isEqualTo("It is graphs/nightly.");
        // what the model said before asking for a tool streamed too, and was closed as a note under its own id
        JsonNode note = replies(conversation).stream().filter(r -> r.path("message").path("metadata").path("operator")
                .path("kind").asString().equals("note")).findFirst().orElseThrow();
        assertThat(note.path("message").path("content").asString()).isEqualTo("Let me look.");
        assertThat(deltas(conversation, note.path("messageId").asString())).isNotEmpty();
        assertThat(cards(conversation).stream().map(c -> c.path("kind").asString() + ":" + c.path("status").asString("")))
                .containsExactly("note:", "plan:", "step:running", "step:succeeded", "answer:");
        // the streamed tool call was assembled from its fragments and ran
        assertThat(TOOL_CALLS.stream().filter(r -> r.getUrl().encodedPath().equals("/api/search"))
                .anyMatch(r -> r.getBody().utf8().contains("\"query\":\"nightly\""))).isTrue();

        // final cards are sealed; a running step is not (it will change)
        JsonNode running = replies(conversation).get(2).path("message").path("metadata");
        assertThat(running.path("operator").path("sealed").isMissingNode()).isTrue();
        assertThat(running.path("symbia").isMissingNode()).isTrue();
        JsonNode metadata = answer.path("message").path("metadata");
        assertThat(metadata.path("operator").path("sealed").asBoolean()).isTrue();
        JsonNode seal = metadata.path("symbia").path("seal");
        assertThat(seal.path("body").path("card").path("kind").asString()).isEqualTo("answer");
        assertThat(seal.path("body").path("content").asString()).isEqualTo("It is graphs/nightly.");
        byte[] canonical = dev.symbia.relay.Jcs.canonicalBytes(seal.path("body"));
        assertThat(seal.path("hash").asString()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(canonical)));
        String pem = JSON.readTree(get("/api/provenance/key", null).body()).path("publicKeyPem").asString()
                .replaceAll("-----[A-Z ]+-----|\\s", "");
        var jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(java.security.KeyFactory.getInstance("Ed25519").generatePublic(
                new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(pem))));
        jdk.update(canonical);
        assertThat(jdk.verify(java.util.Base64.getDecoder().decode(seal.path("signature").asString()))).isTrue();
        jdk.update(dev.symbia.relay.Jcs.canonicalBytes(JSON.readTree(seal.path("body").toString()
                .replace("graphs/nightly", "graphs/evil"))));
        assertThat(jdk.verify(java.util.Base64.getDecoder().decode(seal.path("signature").asString())))
                .as("a changed card no longer verifies").isFalse();
    }

    @Test
    void aCutModelStreamEndsTheStreamedMessageWithTheFailure() {
        var user = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "member");
        String conversation = UUID.randomUUID().toString();
        String request = script("tell me about logs", "data: {\"content\":\"Logs are \"}\n\n"
                + "data: {\"error\":\"Stream ended early\",\"code\":\"provider\"}\n\n");
        say(conversation, user.id(), request);
        JsonNode answer = awaitCard(conversation, "answer");
        assertThat(answer.path("message").path("content").asString()).startsWith("⚠️ I stopped: The model's answer was cut off");
        assertThat(deltas(conversation, answer.path("messageId").asString())).as("the partial text was live").isNotEmpty();
        assertThat(runStatus(conversation)).isEqualTo("failed");
    }

    @Test
    void aRunWhoseReplicaDiedIsTakenOverAndAStepInFlightIsReportedInterrupted() {
        var user = IDENTITY.user(UUID.randomUUID().toString()).member(ORG, "member");
        String conversation = UUID.randomUUID().toString();
        String request = script("search twice",
                turn("Both searches are done; the second one was interrupted."));
        // what a replica had saved when it died: the model asked for a search that was under way (no result yet)
        UUID runId = UUID.randomUUID();
        String state = JSON.writeValueAsString(Map.of("messages", List.of(
                Map.of("role", "system", "content", Operator.SYSTEM_PROMPT),
                Map.of("role", "user", "content", request),
                Map.of("role", "assistant", "toolCalls", List.of(Map.of("id", "call_inflight", "type", "function",
                        "function", Map.of("name", "catalog_search", "arguments", "{\"query\":\"x\"}"))))),
                "queue", List.of()));
        jdbc.sql("""
                INSERT INTO operator_runs (id, org_id, conversation_id, user_id, assistant_key, request, status, steps,
                                           state, owner, lease_until)
                VALUES (:id, :org, :c, :user, 'symbia', :request, 'running', 1, CAST(:state AS jsonb), 'dead-replica',
                        now() - interval '1 second')""")
                .param("id", runId).param("org", ORG).param("c", conversation).param("user", user.id())
                .param("request", request).param("state", state).update();
        // a run whose lease is still good is left alone
        UUID alive = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO operator_runs (id, org_id, conversation_id, user_id, assistant_key, request, status, steps,
                                           state, owner, lease_until)
                VALUES (:id, :org, :c, :user, 'symbia', 'busy', 'running', 0, '{}'::jsonb, 'live-replica',
                        now() + interval '5 minutes')""")
                .param("id", alive).param("org", ORG).param("c", UUID.randomUUID().toString()).param("user", user.id())
                .update();

        operator.takeOverAbandoned();

        JsonNode answer = awaitCard(conversation, "answer");
        assertThat(answer.path("message").path("content").asString())
                .isEqualTo("Both searches are done; the second one was interrupted.");
        JsonNode interrupted = cards(conversation).getFirst();
        assertThat(interrupted.path("kind").asString() + ":" + interrupted.path("status").asString()).isEqualTo("step:failed");
        assertThat(interrupted.path("stepId").asString()).isEqualTo("call_inflight");
        assertThat(interrupted.path("summary").asString()).contains("interrupted");
        JsonNode toolMessage = modelCall(request, 0).path("params").path("messages").get(3);
        assertThat(toolMessage.path("toolCallId").asString()).isEqualTo("call_inflight");
        assertThat(toolMessage.path("content").asString()).startsWith("error: interrupted");
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(jdbc.sql(
                "SELECT status FROM operator_runs WHERE id = :id").param("id", runId).query(String.class).single()));
        assertThat(jdbc.sql("SELECT owner FROM operator_runs WHERE id = :id").param("id", alive).query(String.class)
                .single()).isEqualTo("live-replica");
        operator.takeOverAbandoned(); // nothing left to take: the answer is not given twice
        assertThat(cards(conversation).stream().filter(c -> c.path("kind").asString().equals("answer"))).hasSize(1);
    }

    @Test
    void aTakenOverRunOfSomeoneNoLongerAMemberFailsVisibly() {
        String conversation = UUID.randomUUID().toString();
        UUID runId = UUID.randomUUID();
        String state = JSON.writeValueAsString(Map.of("messages", List.of(
                Map.of("role", "system", "content", Operator.SYSTEM_PROMPT), Map.of("role", "user", "content", "hi")),
                "queue", List.of()));
        jdbc.sql("""
                INSERT INTO operator_runs (id, org_id, conversation_id, user_id, assistant_key, request, status, steps,
                                           state, owner, lease_until)
                VALUES (:id, :org, :c, :user, 'symbia', 'hi', 'running', 0, CAST(:state AS jsonb), 'dead-replica',
                        now() - interval '1 second')""")
                .param("id", runId).param("org", ORG).param("c", conversation)
                .param("user", UUID.randomUUID().toString()).param("state", state).update();
        operator.takeOverAbandoned();
        JsonNode answer = awaitCard(conversation, "answer");
        assertThat(answer.path("message").path("content").asString()).contains("only act for members");
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(jdbc.sql(
                "SELECT status FROM operator_runs WHERE id = :id").param("id", runId).query(String.class).single()));
    }

    // ---- helpers

    private List<JsonNode> deltas(String conversation, String messageId) {
        return relay.published().stream().filter(p -> p.type().equals("message.delta"))
                .filter(p -> p.data().path("conversationId").asString().equals(conversation))
                .filter(p -> p.data().path("messageId").asString().equals(messageId))
                .map(RecordingRelay.Published::data).toList();
    }

    private void say(String conversation, String userId, String content) {
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("id", UUID.randomUUID().toString());
        message.put("senderId", userId);
        message.put("senderType", "user");
        message.put("content", content);
        message.put("contentType", "text");
        message.put("metadata", Map.of());
        relay.deliver("message.new", "messaging", Map.of("conversationId", conversation, "orgId", ORG,
                "message", message, "assistants", List.of(Map.of("userId", "assistant:symbia", "key", "symbia"))));
    }

    private List<JsonNode> replies(String conversation) {
        return relay.published().stream().filter(p -> p.type().equals("message.response"))
                .filter(p -> p.data().path("conversationId").asString().equals(conversation))
                .map(RecordingRelay.Published::data).toList();
    }

    /** The operator cards ({@code metadata.operator}) posted into a conversation, in order. */
    private List<JsonNode> cards(String conversation) {
        return replies(conversation).stream().map(r -> r.path("message").path("metadata").path("operator")).toList();
    }

    private JsonNode awaitCard(String conversation, String kind) {
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(conversation).stream()
                .anyMatch(r -> r.path("message").path("metadata").path("operator").path("kind").asString().equals(kind)));
        return replies(conversation).stream()
                .filter(r -> r.path("message").path("metadata").path("operator").path("kind").asString().equals(kind))
                .findFirst().orElseThrow();
    }

    private static JsonNode modelCall(String request, int index) {
        return MODEL_CALLS.stream().map(r -> JSON.readTree(r.getBody().utf8()))
                .filter(b -> b.path("params").path("messages").get(1).path("content").asString().equals(request))
                .skip(index).findFirst().orElseThrow();
    }

    private static long deployCalls(String serviceId) {
        return TOOL_CALLS.stream().filter(r -> r.getUrl().encodedPath().equals("/api/connectors/railway/deploy"))
                .filter(r -> r.getBody().utf8().contains(serviceId)).count();
    }

    private String runStatus(String conversation) {
        return jdbc.sql("SELECT status FROM operator_runs WHERE org_id = :org AND conversation_id = :c ORDER BY created_at LIMIT 1")
                .param("org", ORG).param("c", conversation).query(String.class).optional().orElse(null);
    }

    private static String memberToken() {
        return IDENTITY.user("member-" + UUID.randomUUID()).member(ORG, "member").token();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception");
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    private HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String body, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
