package dev.symbia.e2e;

import static dev.symbia.e2e.support.ChatFrames.content;
import static dev.symbia.e2e.support.ChatFrames.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.core.SymbiaService;
import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stack rides out the loss of one of its parts (issue 20's resilience tests), each stopped and
 * started again through {@code ./start.sh stop|restart NAME} exactly as a developer would:
 * the network (relays rejoin, events flow again), integrations in the middle of a reply (the client
 * gets an error frame, the partial reply is kept as incomplete) and PostgreSQL under chat traffic
 * (503 problems with Retry-After while it is away, never a 500; every service recovers by itself;
 * no turn that was answered is lost). Every test leaves the stack whole again.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final Duration FRAME_WAIT = Duration.ofSeconds(20);
    private static final Set<String> SERVICES = Arrays.stream(SymbiaService.values()).map(SymbiaService::id)
            .collect(Collectors.toSet());

    private static Account user;

    private SymbiaStack stack;
    private Gateway gateway;
    private FakeProvider provider;

    @BeforeEach
    void setUp(SymbiaStack stack, Gateway gateway) {
        this.stack = stack;
        this.gateway = gateway;
        this.provider = stack.provider();
        provider.reset();
        if (user == null) {
            user = Account.register(gateway, "resilience");
        }
    }

    @AfterEach
    void stackIsWholeAgain() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Gateway.Response health = gateway.get("/api/health");
            assertThat(health.status()).as("%s", health).isEqualTo(200);
        });
    }

    @Test
    @Order(1)
    void afterTheNetworkRestartsEveryRelayRejoinsAndEventsFlowAgain() {
        String[] admin = admin();

        stack.restartProcess("network");
        Instant restarted = Instant.now();

        // Relays reconnect with jittered backoff (libs/core Backoff, 1 s doubling, capped).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Gateway.Response nodes = gateway.get("/api/network/registry/nodes", admin);
            assertThat(nodes.status()).as("%s", nodes).isEqualTo(200);
            List<String> connected = new ArrayList<>();
            for (JsonNode node : nodes.json().path("nodes")) {
                if ("online".equals(node.path("status").asString()) && node.path("connected").asBoolean()) {
                    connected.add(node.path("id").asString());
                }
            }
            Set<String> relays = SERVICES.stream().filter(s -> !s.equals("network")).collect(Collectors.toSet());
            assertThat(connected).as("services whose relay is connected").containsAll(relays);
        });

        // An event published after the restart reaches the restarted network.
        Gateway.Response failed = gateway.post("/api/identity/auth/login", "application/json",
                "{\"email\":\"" + stack.adminEmail() + "\",\"password\":\"wrong-" + System.nanoTime() + "\"}");
        assertThat(failed.status()).as("%s", failed).isEqualTo(401);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Gateway.Response events = gateway.get("/api/network/events?limit=200", admin);
            assertThat(events.status()).as("%s", events).isEqualTo(200);
            boolean seen = StreamSupport.stream(events.json().path("events").spliterator(), false)
                    .map(e -> e.path("event"))
                    .filter(e -> "identity.login.failed".equals(e.path("type").asString()))
                    .anyMatch(e -> !Instant.parse(e.path("timestamp").asString()).isBefore(restarted.minusSeconds(1)));
            assertThat(seen).as("identity.login.failed after the restart").isTrue();
        });
    }

    @Test
    @Order(2)
    void integrationsStoppingMidReplyGivesAnErrorFrameAndKeepsThePartialReply() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        provider.stream(new ScriptedBody().write(Wire.sambaRole(MODEL)).write(Wire.sambaDelta(MODEL, "Half an "))
                .write(Wire.sambaDelta(MODEL, "answer")).gate(never).write(Wire.done()));
        String conversationId;
        String messageId;
        try (SseClient chat = send("{\"content\":\"keep talking\"}")) {
            assertThat(chat.status()).isEqualTo(200);
            conversationId = chat.header("x-conversation-id");
            messageId = chat.header("x-message-id");
            assertThat(content(chat.next(FRAME_WAIT))).isEqualTo("Half an ");
            assertThat(content(chat.next(FRAME_WAIT))).isEqualTo("answer");

            stack.stopProcess("integrations");

            List<String> rest = drain(chat, FRAME_WAIT);
            JsonNode last = JSON.readTree(rest.getLast());
            assertThat(last.has("error")).as("%s", rest).isTrue();
            assertThat(last.path("details").asString()).doesNotContain("Exception");
        } finally {
            never.countDown();
            stack.restartProcess("integrations");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode reply = message(conversationId, messageId);
            assertThat(reply.path("content").asString()).isEqualTo("Half an answer");
            assertThat(reply.path("status").asString()).isEqualTo("incomplete");
        });

        // And the next chat is answered again.
        provider.stream(Wire.sambaReply(MODEL, true, "Back ", "again"));
        try (SseClient chat = send("{\"content\":\"still there?\"}")) {
            assertThat(chat.status()).isEqualTo(200);
            assertThat(drain(chat, FRAME_WAIT).getLast()).contains("\"done\":true");
        }
    }

    @Test
    @Order(3)
    void aDatabaseOutageIsA503WithRetryAfterAndLosesNoAnsweredTurn() throws Exception {
        List<String[]> answered = new ArrayList<>(); // conversation id, message id of every completed turn
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> badAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean go = new AtomicBoolean(true);
        Thread traffic = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (go.get() && System.nanoTime() < deadline) {
                provider.reset();
                provider.stream(Wire.sambaReply(MODEL, true, "still ", "here"));
                try (SseClient chat = send("{\"content\":\"ping\"}")) {
                    statuses.add(chat.status());
                    if (chat.status() == 200) {
                        List<String> frames = drain(chat, FRAME_WAIT);
                        if (frames.getLast().contains("\"done\":true")) {
                            synchronized (answered) {
                                answered.add(new String[] {chat.header("x-conversation-id"), chat.header("x-message-id")});
                            }
                        }
                    } else if (chat.status() != 503 || !"application/problem+json".equals(base(chat.header("content-type")))
                            || chat.header("retry-after") == null) {
                        badAnswers.add(chat.status() + " " + chat.header("content-type") + " retry-after="
                                + chat.header("retry-after"));
                    } else {
                        // A well-behaved client waits as told (at most 2 s here), and stays under the rate limit.
                        Thread.sleep(Duration.ofSeconds(Math.min(2, Long.parseLong(chat.header("retry-after").trim()))));
                    }
                } catch (Exception e) {
                    badAnswers.add(e.toString());
                }
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.size() >= 2);
            stack.stopProcess("postgres");

            // While PostgreSQL is away: 503 problems (the chat stream and a plain read alike), never a 500.
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses.contains(503));
            Gateway.Response read = gateway.get("/api/messaging/conversations", "Authorization", user.bearer());
            assertThat(read.status()).as("%s", read).isEqualTo(503);
            assertThat(read.isProblem()).as("%s", read).isTrue();
            assertThat(read.headers().keySet().stream().map(String::toLowerCase)).contains("retry-after");

            int answeredBefore = answered.size();
            stack.restartProcess("postgres");
            // Every service finds its database again by itself: chats are answered again.
            await().atMost(Duration.ofSeconds(90)).until(() -> answered.size() >= answeredBefore + 2);
        } finally {
            go.set(false);
            traffic.join(Duration.ofSeconds(60));
        }

        assertThat(statuses).as("no 5xx but 503 during the outage").allMatch(s -> s == 200 || s == 503);
        assertThat(badAnswers).as("answers that were neither a chat nor a 503 problem with Retry-After").isEmpty();
        List<String[]> turns;
        synchronized (answered) {
            turns = List.copyOf(answered);
        }
        for (String[] turn : turns) {
            JsonNode reply = message(turn[0], turn[1]);
            assertThat(reply.path("status").asString()).as("turn %s", turn[1]).isEqualTo("complete");
            assertThat(reply.path("content").asString()).as("turn %s", turn[1]).isEqualTo("still here");
        }
    }

    private String[] admin() {
        Gateway.Response login = gateway.post("/api/identity/auth/login", "application/json",
                "{\"email\":\"" + stack.adminEmail() + "\",\"password\":\"" + stack.adminPassword() + "\"}");
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return new String[] {"Authorization", "Bearer " + login.json().path("token").asString()};
    }

    private SseClient send(String body) throws Exception {
        return SseClient.post(stack.gatewayUrl() + "/api/messaging/send", body, "Authorization", user.bearer());
    }

    private JsonNode message(String conversationId, String messageId) {
        Gateway.Response response = gateway.get("/api/messaging/conversations/" + conversationId + "/messages",
                "Authorization", user.bearer());
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        for (JsonNode message : response.json().path("messages")) {
            if (messageId.equals(message.path("id").asString())) {
                return message;
            }
        }
        throw new AssertionError("message " + messageId + " not in " + response);
    }



    private static String base(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim();
    }
}
