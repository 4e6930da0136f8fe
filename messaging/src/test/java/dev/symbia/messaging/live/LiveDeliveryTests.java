package dev.symbia.messaging.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two messaging replicas on one database: what is published on one reaches WebSocket and SSE subscribers
 * on the other, once, to participants only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveDeliveryTests {

    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final String ORG = "org-live";
    private static final String OTHER_ORG = "org-other";
    private final JsonMapper json = JsonMapper.builder().build();

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;
    private final List<ConversationEventReceived> receivedOnA = new CopyOnWriteArrayList<>();
    private final List<ConversationEventReceived> receivedOnB = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startTwoReplicas() throws Exception {
        TestDatabase database = TestPostgres.freshDatabase();
        // Small send buffers on both, so a stalled client overflows quickly.
        String[] buffers = {"--symbia.messaging.live.send-buffer-events=64", "--symbia.messaging.live.send-buffer-size=256KB"};
        a = LiveReplicas.start(database, buffers);
        b = LiveReplicas.start(database, buffers);
        a.addApplicationListener(event -> collect(event, receivedOnA));
        b.addApplicationListener(event -> collect(event, receivedOnB));
    }

    private static void collect(ApplicationEvent event, List<ConversationEventReceived> into) {
        if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof ConversationEventReceived received) {
            into.add(received);
        }
    }

    @AfterAll
    void stop() {
        Stream.of(a, b).forEach(ConfigurableApplicationContext::close);
    }

    private static String token(String user) {
        return IDENTITY.user(user).member(ORG, "member").token();
    }

    private static int port(ConfigurableApplicationContext replica) {
        return LiveReplicas.port(replica);
    }

    private static void publish(ConfigurableApplicationContext replica, ConversationEvent event) {
        replica.publishEvent(event);
    }

    /** Published inside a transaction, as the message and conversation packages do. */
    private static void publishInTransaction(ConfigurableApplicationContext replica, ConversationEvent event, boolean commit) {
        new TransactionTemplate(replica.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            publish(replica, event);
            if (!commit) {
                status.setRollbackOnly();
            }
        });
    }

    private static Map<String, Object> message(String text) {
        return Map.of("id", UUID.randomUUID().toString(), "content", text);
    }

    private static SseClient sse(ConfigurableApplicationContext replica, UUID conversation, String token, String... headers) {
        String[] all = Stream.concat(Stream.of("Authorization", "Bearer " + token), Stream.of(headers)).toArray(String[]::new);
        return new SseClient(port(replica), "/api/conversations/" + conversation + "/events", all);
    }

    @Test
    void anEventCommittedOnOneReplicaReachesWebSocketAndSseSubscribersOnTheOther() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice", "bob");
        try (LiveSocket socket = LiveSocket.bearer(port(b), token("bob")).ready();
             SseClient stream = sse(b, conversation, token("alice")).ready()) {

            publishInTransaction(a, ConversationEvent.durable(conversation, "message:new", message("hello"), "alice"), true);

            JsonNode frame = socket.awaitEvent("message:new");
            assertThat(frame.path("data").path("content").asString()).isEqualTo("hello");
            SseClient.Event event = stream.awaitEvent("message:new");
            assertThat(json.readTree(event.data()).path("content").asString()).isEqualTo("hello");
            assertThat(Long.parseLong(event.id())).as("durable events carry their live_events id").isPositive();
            long stored = LiveReplicas.jdbc(a).sql("SELECT count(*) FROM live_events WHERE conversation_id = :c AND id = :id")
                    .param("c", conversation).param("id", Long.parseLong(event.id())).query(Long.class).single();
            assertThat(stored).isEqualTo(1);
        }
    }

    @Test
    void aRolledBackEventIsNeverDelivered() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice", "bob");
        try (LiveSocket onA = LiveSocket.bearer(port(a), token("bob")).ready();
             LiveSocket onB = LiveSocket.bearer(port(b), token("alice")).ready()) {

            publishInTransaction(a, ConversationEvent.durable(conversation, "message:new", message("rolled back"), "alice"), false);
            publishInTransaction(a, ConversationEvent.durable(conversation, "message:new", message("committed"), "alice"), true);

            for (LiveSocket socket : List.of(onA, onB)) {
                assertThat(socket.awaitEvent("message:new").path("data").path("content").asString()).isEqualTo("committed");
                assertThat(socket.events("message:new")).hasSize(1);
            }
        }
    }

    @Test
    void everyEventIsReceivedInProcessExactlyOncePerReplica() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice");
        try (LiveSocket marker = LiveSocket.bearer(port(b), token("alice")).ready()) {
            publish(a, ConversationEvent.durable(conversation, "stream.cancel", Map.of("runId", "r1"), "alice"));
            publish(a, ConversationEvent.ephemeral(conversation, "message:delta", Map.of("delta", "x"), "alice"));
            publish(a, ConversationEvent.durable(conversation, "marker", Map.of(), "alice"));
            marker.awaitEvent("marker");

            for (List<ConversationEventReceived> received : List.of(receivedOnA, receivedOnB)) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ofConversation(received, conversation))
                        .extracting(r -> r.event().name()).contains("marker"));
                List<ConversationEventReceived> mine = ofConversation(received, conversation);
                assertThat(mine).extracting(r -> r.event().name()).containsExactly("stream.cancel", "message:delta", "marker");
                assertThat(mine.get(0).id()).isPositive();
                assertThat(mine.get(1).id()).as("ephemeral").isZero();
                assertThat(mine.get(0).event().origin()).isEqualTo("alice");
            }
            JsonNode remotePayload = json.valueToTree(ofConversation(receivedOnB, conversation).get(0).event().payload());
            assertThat(remotePayload.path("runId").asString()).isEqualTo("r1");
            assertThat(ofConversation(receivedOnA, conversation).get(0).id()).isEqualTo(ofConversation(receivedOnB, conversation).get(0).id());
        }
    }

    @Test
    void aBurstIsWrittenInBatchesInOrderAndAnEventThatCannotBeStoredCostsOnlyItself() throws Exception {
        UUID one = LiveReplicas.conversation(a, ORG, "alice");
        UUID two = LiveReplicas.conversation(a, ORG, "alice");
        MeterRegistry meters = a.getBean(MeterRegistry.class);
        double failedBefore = meters.counter("messaging.live.events.dropped", "reason", "failed").count();
        List<String> published = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            UUID conversation = i % 2 == 0 ? one : two;
            String name = i % 3 == 0 ? "message:delta" : "message:new";
            published.add(conversation + " " + name + " " + i);
            Map<String, Object> payload = Map.of("n", i);
            publish(a, i % 3 == 0 ? ConversationEvent.ephemeral(conversation, name, payload, "alice")
                    : ConversationEvent.durable(conversation, name, payload, "alice"));
            if (i == 200) { // no such conversation: its row breaks the foreign key, and so its batch
                publish(a, ConversationEvent.durable(UUID.randomUUID(), "message:new", Map.of("n", -1), "alice"));
            }
        }
        publish(a, ConversationEvent.durable(one, "marker", Map.of(), "alice"));

        for (List<ConversationEventReceived> received : List.of(receivedOnA, receivedOnB)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                    .anyMatch(r -> r.event().conversationId().equals(one) && r.event().name().equals("marker")));
            List<ConversationEventReceived> burst = received.stream()
                    .filter(r -> r.event().conversationId().equals(one) || r.event().conversationId().equals(two))
                    .filter(r -> r.event().name().startsWith("message:")).toList();
            assertThat(burst).extracting(r -> r.event().conversationId() + " " + r.event().name() + " "
                    + json.valueToTree(r.event().payload()).path("n").asInt()).as("all, once, in publication order")
                    .containsExactlyElementsOf(published);
            List<Long> ids = burst.stream().filter(r -> r.event().durable()).map(ConversationEventReceived::id).toList();
            assertThat(ids).hasSize(266).doesNotHaveDuplicates().isSorted().allMatch(id -> id > 0);
        }
        long stored = LiveReplicas.jdbc(a).sql("SELECT count(*) FROM live_events WHERE conversation_id IN (:one, :two) AND name = 'message:new'")
                .param("one", one).param("two", two).query(Long.class).single();
        assertThat(stored).isEqualTo(266);
        assertThat(meters.counter("messaging.live.events.dropped", "reason", "failed").count() - failedBefore)
                .as("only the event without a conversation").isEqualTo(1);
        assertThat(meters.get("messaging.live.writer.batch").summary().max()).as("events shared a transaction").isGreaterThan(1);
    }

    private static List<ConversationEventReceived> ofConversation(List<ConversationEventReceived> all, UUID conversation) {
        // The socket's own participant:online is left out: it comes from the other replica, in no fixed order.
        return all.stream().filter(r -> r.event().conversationId().equals(conversation))
                .filter(r -> !r.event().name().startsWith("participant:")).collect(Collectors.toList());
    }

    @Test
    void sseResumesAfterLastEventIdFromStoredEventsThenGoesLive() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice");
        String firstId;
        try (SseClient first = sse(b, conversation, token("alice")).ready()) {
            publish(a, ConversationEvent.durable(conversation, "message:new", message("one"), "alice"));
            firstId = first.awaitEvent("message:new").id();
        }
        publish(a, ConversationEvent.durable(conversation, "message:new", message("two"), "alice"));
        publish(a, ConversationEvent.ephemeral(conversation, "message:delta", Map.of("delta", "lost while away"), "alice"));
        // "two" is stored before "three" is written on the other replica, so their stored order is known
        await().atMost(Duration.ofSeconds(20)).until(() -> ofConversation(receivedOnB, conversation).stream()
                .filter(r -> r.event().name().equals("message:new")).count() >= 2);
        publish(b, ConversationEvent.durable(conversation, "message:updated", message("three"), "alice"));
        // B has dealt with the delta from A (before anyone here listened): it must not show up below.
        await().atMost(Duration.ofSeconds(20)).until(() -> ofConversation(receivedOnB, conversation).stream()
                .anyMatch(r -> r.event().name().equals("message:delta")));

        try (SseClient resumed = sse(b, conversation, token("alice"), "Last-Event-ID", firstId).ready()) {
            SseClient.Event two = resumed.awaitEvent("message:new");
            SseClient.Event three = resumed.awaitEvent("message:updated");
            assertThat(json.readTree(two.data()).path("content").asString()).isEqualTo("two");
            assertThat(json.readTree(three.data()).path("content").asString()).isEqualTo("three");
            assertThat(Long.parseLong(two.id())).isGreaterThan(Long.parseLong(firstId));

            publish(a, ConversationEvent.durable(conversation, "message:new", message("live"), "alice"));
            assertThat(json.readTree(resumed.awaitEvent("message:new").data()).path("content").asString()).isEqualTo("live");
            assertThat(resumed.all).filteredOn(e -> e.name() != null)
                    .extracting(SseClient.Event::name).containsExactly("message:new", "message:updated", "message:new")
                    .as("ephemeral events are not kept");
        }
        try (SseClient byQuery = new SseClient(port(a), "/api/conversations/" + conversation + "/events?lastEventId=" + firstId,
                "Authorization", "Bearer " + token("alice")).ready()) {
            assertThat(json.readTree(byQuery.awaitEvent("message:new").data()).path("content").asString()).isEqualTo("two");
        }
    }

    @Test
    void typingGoesToTheOthersAcrossReplicasButIsNotEchoed() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice", "bob");
        try (LiveSocket alice = LiveSocket.bearer(port(a), token("alice")).ready();
             LiveSocket bob = LiveSocket.bearer(port(b), token("bob")).ready()) {

            JsonNode ack = alice.request("typing:start", conversation.toString());
            assertThat(ack.path("data").path("success").booleanValue()).isTrue();
            JsonNode typing = bob.awaitEvent("typing:started");
            assertThat(typing.path("data").path("conversationId").asString()).isEqualTo(conversation.toString());
            assertThat(typing.path("data").path("principalId").asString()).isEqualTo("alice");
            assertThat(typing.path("data").path("principalType").asString()).isEqualTo("user");
            alice.emit("typing:stop", Map.of("conversationId", conversation.toString()));
            assertThat(bob.awaitEvent("typing:stopped").path("data").path("principalId").asString()).isEqualTo("alice");

            // Alice's socket is on the replica that delivered her typing first: a marker after it proves she got none.
            publish(a, ConversationEvent.durable(conversation, "marker", Map.of(), "alice"));
            alice.awaitEvent("marker");
            assertThat(alice.events("typing:started")).isEmpty();
            assertThat(alice.events("typing:stopped")).isEmpty();
        }
    }

    @Test
    void othersSeeASocketComeOnlineAndGoOffline() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice", "bob");
        try (LiveSocket alice = LiveSocket.bearer(port(a), token("alice")).ready()) {
            LiveSocket bob = LiveSocket.bearer(port(b), token("bob")).ready();
            JsonNode online = alice.await(f -> "participant:online".equals(f.path("event").asString(""))
                    && conversation.toString().equals(f.path("data").path("conversationId").asString("")));
            assertThat(online.path("data").path("principalId").asString()).isEqualTo("bob");
            bob.close();
            JsonNode offline = alice.await(f -> "participant:offline".equals(f.path("event").asString(""))
                    && conversation.toString().equals(f.path("data").path("conversationId").asString("")));
            assertThat(offline.path("data").path("principalId").asString()).isEqualTo("bob");
            assertThat(bob.events("participant:online")).as("not told about itself").isEmpty();
        }
    }

    @Test
    void aNonParticipantCannotJoinAndNeverReceivesTheConversation() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice");
        UUID own = LiveReplicas.conversation(a, ORG, "mallory");
        try (LiveSocket mallory = LiveSocket.bearer(port(b), token("mallory")).ready()) {
            JsonNode ack = mallory.request("join:conversation", conversation.toString());
            assertThat(ack.path("data").path("success").booleanValue()).isFalse();
            assertThat(ack.path("data").path("error").asString()).isEqualTo("Not a participant");
            assertThat(mallory.request("typing:start", conversation.toString()).path("data").path("error").asString())
                    .isEqualTo("Not a participant");

            publish(a, ConversationEvent.durable(conversation, "message:new", message("secret"), "alice"));
            publish(a, ConversationEvent.durable(own, "marker", Map.of(), "mallory"));
            mallory.awaitEvent("marker");
            assertThat(mallory.events("message:new")).isEmpty();
        }
    }

    @Test
    void aParticipantActingInAnotherOrgDoesNotGetTheConversation() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "carol");
        String carol = IDENTITY.user("carol").member(ORG, "member").member(OTHER_ORG, "member").token();
        try (LiveSocket inOtherOrg = new LiveSocket(port(a), "", Map.of("Authorization", "Bearer " + carol,
                "X-Org-Id", OTHER_ORG)).ready();
             LiveSocket inOrg = LiveSocket.bearer(port(a), carol).ready()) {
            assertThat(inOtherOrg.request("join:conversation", Map.of("conversationId", conversation.toString()))
                    .path("data").path("error").asString()).isEqualTo("Not a participant");
            assertThat(inOrg.request("join:conversation", Map.of("conversationId", conversation.toString()))
                    .path("data").path("success").booleanValue()).as("already joined at connect; joining again is fine").isTrue();

            publish(b, ConversationEvent.durable(conversation, "message:new", message("org only"), "carol"));
            assertThat(inOrg.awaitEvent("message:new").path("data").path("content").asString()).isEqualTo("org only");
            JsonNode pong = inOtherOrg.request("ping", null);
            assertThat(pong.path("data").path("success").booleanValue()).isTrue();
            assertThat(inOtherOrg.events("message:new")).isEmpty();
        }
    }

    @Test
    void joinAndLeaveChangeWhatASocketReceives() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "dave");
        try (LiveSocket dave = LiveSocket.bearer(port(b), token("dave")).ready()) {
            assertThat(dave.request("leave:conversation", conversation.toString()).path("data").path("success").booleanValue()).isTrue();
            publish(a, ConversationEvent.durable(conversation, "message:new", message("while away"), "x"));
            // A conversation created after connecting: joined explicitly.
            UUID later = LiveReplicas.conversation(a, ORG, "dave");
            assertThat(dave.request("join:conversation", later.toString()).path("data").path("success").booleanValue()).isTrue();
            publish(a, ConversationEvent.durable(later, "marker", Map.of(), "x"));
            dave.awaitEvent("marker");
            assertThat(dave.events("message:new")).isEmpty();

            assertThat(dave.request("join:conversation", conversation.toString()).path("data").path("success").booleanValue()).isTrue();
            publish(a, ConversationEvent.durable(conversation, "message:new", message("back"), "x"));
            assertThat(dave.awaitEvent("message:new").path("data").path("content").asString()).isEqualTo("back");
        }
    }

    @Test
    void badFramesAreAnsweredWithoutDisconnecting() throws Exception {
        try (LiveSocket socket = LiveSocket.bearer(port(a), token("erin")).ready()) {
            JsonNode unknown = socket.request("message:explode", Map.of());
            assertThat(unknown.path("data").path("success").booleanValue()).isFalse();
            assertThat(unknown.path("data").path("error").asString()).isEqualTo("Unknown event");
            assertThat(socket.request("join:conversation", "not-a-uuid").path("data").path("error").asString())
                    .isEqualTo("Invalid conversation id");
            assertThat(socket.request("join:conversation", Map.of("conversationId", UUID.randomUUID().toString()))
                    .path("data").path("error").asString()).isEqualTo("Not a participant");

            socket.sendRaw("{not json");
            assertThat(socket.awaitEvent("error").path("data").path("code").asString()).isEqualTo("malformed");
            socket.sendRaw("[1,2]");
            assertThat(socket.awaitEvent("error").path("data").path("code").asString()).isEqualTo("malformed");
            socket.sendRaw("{\"event\":\"ping\",\"ack\":\"seven\"}");
            assertThat(socket.awaitEvent("error").path("data").path("code").asString()).isEqualTo("malformed");
            socket.emit("nonsense", null);
            assertThat(socket.awaitEvent("error").path("data").path("message").asString()).isEqualTo("Unknown event");
            socket.emit("ping", null);
            socket.awaitEvent("pong");

            assertThat(socket.request("ping", null).path("data").path("success").booleanValue()).as("still connected").isTrue();
            assertThat(socket.closed).isNotDone();
        }
    }

    @Test
    void anUnauthenticatedUpgradeIsRefusedWith401() throws Exception {
        for (Map<String, String> headers : List.of(Map.<String, String>of(),
                Map.of("Authorization", "Bearer " + IDENTITY.user("x").member(ORG, "member").tamperedToken()))) {
            LiveSocket socket = new LiveSocket(port(a), "", headers);
            var response = socket.handshake.get(20, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(401);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(socket.handshakeBody.get(20, TimeUnit.SECONDS)).contains("\"code\":\"unauthenticated\"");
        }
        LiveSocket expired = new LiveSocket(port(a), "?access_token=" + IDENTITY.user("x").member(ORG, "member").expiredToken(), Map.of());
        assertThat(expired.handshake.get(20, TimeUnit.SECONDS).code()).isEqualTo(401);
    }

    @Test
    void anUpgradeByNoCallerIsRefusedWithItsProblem() throws Exception {
        // libs/auth's Caller: a service acts for users on internal endpoints only; a user without an org has none.
        Map<String, Integer> refused = Map.of(IDENTITY.service("assistants").token(), 403, IDENTITY.user("loner").token(), 400);
        for (Map.Entry<String, Integer> token : refused.entrySet()) {
            LiveSocket socket = new LiveSocket(port(a), "", Map.of("Authorization", "Bearer " + token.getKey()));
            var response = socket.handshake.get(20, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(token.getValue());
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(socket.handshakeBody.get(20, TimeUnit.SECONDS)).contains("\"status\":" + token.getValue());
        }
    }

    @Test
    void anAccessTokenInTheQueryAuthenticatesTheSocket() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "frank");
        try (LiveSocket socket = new LiveSocket(port(b), "?access_token=" + token("frank"), Map.of()).ready()) {
            publish(a, ConversationEvent.durable(conversation, "message:new", message("via query token"), "x"));
            assertThat(socket.awaitEvent("message:new").path("data").path("content").asString()).isEqualTo("via query token");
        }
    }

    @Test
    void agentsTakePartUnderTheirPublicId() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice", "assistant:helper");
        String agent = IDENTITY.agent("agent-row-1", "assistant:helper", ORG).token();
        try (LiveSocket socket = LiveSocket.bearer(port(b), agent).ready();
             SseClient stream = sse(a, conversation, agent).ready()) {
            publish(a, ConversationEvent.durable(conversation, "message:new", message("for the agent"), "alice"));
            assertThat(socket.awaitEvent("message:new").path("data").path("content").asString()).isEqualTo("for the agent");
            assertThat(stream.awaitEvent("message:new").data()).contains("for the agent");
        }
    }

    @Test
    void sseRefusesWhatTheCallerMayNotSee() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice");
        UUID otherOrgs = LiveReplicas.conversation(a, OTHER_ORG, "alice");
        String alice = token("alice");
        assertProblem(new SseClient(port(b), "/api/conversations/" + otherOrgs + "/events", "Authorization", "Bearer " + alice), 404);
        assertProblem(sse(b, conversation, token("mallory")), 404);
        assertProblem(new SseClient(port(b), "/api/conversations/not-a-uuid/events", "Authorization", "Bearer " + alice), 404);
        assertProblem(sse(b, conversation, alice, "Last-Event-ID", "yesterday"), 400);
        assertProblem(new SseClient(port(b), "/api/conversations/" + conversation + "/events"), 401);
        assertProblem(sse(b, conversation, IDENTITY.service("assistants").token()), 403);
    }

    private static void assertProblem(SseClient client, int status) throws Exception {
        HttpResponse<Stream<String>> response = client.awaitResponse();
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body().collect(Collectors.joining())).contains("\"status\":" + status);
    }

    @Test
    void aClientTooSlowToReadIsDisconnectedWith1013() throws Exception {
        UUID conversation = LiveReplicas.conversation(a, ORG, "grace");
        UUID elsewhere = LiveReplicas.conversation(a, ORG, "heidi");
        MeterRegistry meters = a.getBean(MeterRegistry.class);
        double droppedBefore = meters.counter("messaging.live.events.dropped", "reason", "slow-consumer").count();
        LiveSocket slow = LiveSocket.bearer(port(a), token("grace")).ready();
        try (LiveSocket healthy = LiveSocket.bearer(port(a), token("heidi")).ready()) {
            CountDownLatch stall = new CountDownLatch(1);
            slow.stall = stall;
            // ~100MB: far more than the TCP buffers and the 256KB send buffer hold. Too large for NOTIFY: local only.
            String chunk = "x".repeat(32 * 1024);
            for (int i = 0; i < 3000 && !slow.closed.isDone(); i++) {
                publish(a, ConversationEvent.ephemeral(conversation, "message:delta", Map.of("delta", chunk), "x"));
            }
            stall.countDown();

            assertThat(slow.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1013);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    meters.counter("messaging.live.events.dropped", "reason", "slow-consumer").count() > droppedBefore);
            publish(a, ConversationEvent.durable(elsewhere, "message:new", message("unaffected"), "x"));
            assertThat(healthy.awaitEvent("message:new").path("data").path("content").asString()).isEqualTo("unaffected");
        } finally {
            slow.close();
        }
    }

    @Test
    void retentionDeletesOnlyOldEvents() {
        UUID conversation = LiveReplicas.conversation(a, ORG, "alice");
        var jdbc = LiveReplicas.jdbc(a);
        for (String age : List.of("2 hours", "61 minutes", "59 minutes", "1 second")) {
            jdbc.sql("INSERT INTO live_events (conversation_id, name, payload, created_at) VALUES (:c, :n, '{}'::jsonb, "
                    + "now() - CAST(:age AS interval))").param("c", conversation).param("n", age).param("age", age).update();
        }

        int deleted = a.getBean(LiveRetention.class).purge();

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT name FROM live_events WHERE conversation_id = :c ORDER BY id").param("c", conversation)
                .query(String.class).list()).containsExactly("59 minutes", "1 second");
    }
}
