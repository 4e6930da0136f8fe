package dev.symbia.messaging.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.provider.ScriptedBody;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading integrations' chat stream with okhttp-sse, against a MockWebServer on integrations' real
 * {@code /api/internal/execute} frames: every way a stream can end becomes exactly one last frame.
 */
class IntegrationsClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockWebServer integrations = new MockWebServer();
    private IntegrationsClient client;

    @BeforeEach
    void start() throws Exception {
        integrations.start();
        client = client(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        integrations.close();
    }

    private IntegrationsClient client(Duration readTimeout) {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(readTimeout).build();
        return new IntegrationsClient(http, integrations.url("/").toString().replaceAll("/$", ""), JSON,
                ObservationRegistry.NOOP);
    }

    private static IntegrationsClient.Ask ask() {
        return new IntegrationsClient.Ask("user-1", "org-1", "req-1", null, null, null, null,
                List.of(Map.of("role", "user", "content", "hi")));
    }

    // ScriptedBody writes its own chunks; a cut one ends by closing the socket without the last chunk.
    private static MockResponse stream(ScriptedBody body) {
        MockResponse.Builder response = new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "text/event-stream;charset=UTF-8")
                .addHeader("Transfer-Encoding", "chunked").body(body);
        if (body.isCut()) {
            response.onResponseEnd(new SocketEffect.CloseSocket(true, false, false));
        }
        return response.build();
    }

    private static String frame(String json) {
        return "data: " + json + "\n\n";
    }

    /** The frames of the reply up to and including its last. */
    private static List<UpstreamFrame> frames(ReplyCall call) throws InterruptedException {
        List<UpstreamFrame> frames = new ArrayList<>();
        while (true) {
            UpstreamFrame frame = call.next(Duration.ofSeconds(10));
            assertThat(frame).as("a frame within 10 s after %s", frames).isNotNull();
            frames.add(frame);
            if (!(frame instanceof UpstreamFrame.Delta)) {
                return frames;
            }
        }
    }

    @Test
    void deltasThenDoneAsTheyArriveWithCommentsAndSplitWritesIgnored() throws Exception {
        integrations.enqueue(stream(new ScriptedBody().write(": ping\n\n").write("data: {\"content\":")
                .write("\"Hi\"}\n\n").write(frame("{\"content\":\" there\"}"))
                .write(frame("{\"done\":true,\"provider\":\"sambanova\",\"model\":\"m-1\",\"finishReason\":\"stop\","
                        + "\"usage\":{\"promptTokens\":3,\"completionTokens\":2,\"totalTokens\":5},\"requestId\":\"req-1\"}"))
                .write(frame("{\"content\":\"after done: never read\"}"))));

        List<UpstreamFrame> frames = frames(client.open(ask()));

        assertThat(frames).containsExactly(new UpstreamFrame.Delta("Hi"), new UpstreamFrame.Delta(" there"),
                new UpstreamFrame.Done("sambanova", "m-1", "stop",
                        Map.of("promptTokens", 3, "completionTokens", 2, "totalTokens", 5), "req-1"));
        RecordedRequest request = integrations.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/internal/execute");
        assertThat(request.getHeaders().get("X-Symbia-User-Id")).isEqualTo("user-1");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(JSON.readTree(request.getBody().utf8()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void anErrorFrameIsTheLastFrame() throws Exception {
        integrations.enqueue(stream(new ScriptedBody().write(frame("{\"content\":\"Hal\"}"))
                .write(frame("{\"error\":\"Rate limited\",\"code\":\"rate_limit\",\"details\":\"slow down\",\"status\":429}"))));

        assertThat(frames(client.open(ask()))).containsExactly(new UpstreamFrame.Delta("Hal"),
                new UpstreamFrame.Failed("Rate limited", "rate_limit", "slow down"));
    }

    @Test
    void aProblemBeforeTheStreamIsAFailureWithItsTitleAndCode() throws Exception {
        integrations.enqueue(new MockResponse.Builder().code(402).addHeader("Content-Type", "application/problem+json")
                .body("{\"title\":\"Budget exhausted\",\"code\":\"quota-exceeded\",\"detail\":\"used up\"}").build());

        assertThat(frames(client.open(ask()))).containsExactly(
                new UpstreamFrame.Failed("Budget exhausted", "quota-exceeded", "used up"));
    }

    @Test
    void aStreamThatEndsWithoutItsLastFrameFails() throws Exception {
        integrations.enqueue(stream(new ScriptedBody().write(frame("{\"content\":\"Half\"}"))));

        assertThat(frames(client.open(ask()))).containsExactly(new UpstreamFrame.Delta("Half"),
                new UpstreamFrame.Failed("Stream ended early", "provider", "The answer stopped before it was complete."));
    }

    @Test
    void aConnectionCutMidStreamFailsAsUnavailable() throws Exception {
        integrations.enqueue(stream(new ScriptedBody().write(frame("{\"content\":\"Half\"}")).write("data: {\"cont").cut()));

        List<UpstreamFrame> frames = frames(client.open(ask()));

        assertThat(frames.getFirst()).isEqualTo(new UpstreamFrame.Delta("Half"));
        assertThat(frames.getLast()).isEqualTo(new UpstreamFrame.Failed("Service unavailable", "unavailable",
                "The integrations service could not be reached."));
        assertThat(frames).hasSize(2);
    }

    @Test
    void silenceBeyondTheReadTimeoutFailsAsATimeout() throws Exception {
        integrations.enqueue(stream(new ScriptedBody().write(frame("{\"content\":\"Slow\"}")).pause(3_000)
                .write(frame("{\"done\":true}"))));

        List<UpstreamFrame> frames = frames(client(Duration.ofMillis(300)).open(ask()));

        assertThat(frames).containsExactly(new UpstreamFrame.Delta("Slow"),
                new UpstreamFrame.Failed("Timeout", "timeout", "The integrations service did not answer in time."));
    }

    @Test
    void nobodyToAnswerIsUnavailable() throws Exception {
        integrations.close();

        assertThat(frames(client.open(ask()))).containsExactly(new UpstreamFrame.Failed("Service unavailable",
                "unavailable", "The integrations service could not be reached."));
    }

    @Test
    void aCallerThatLeftClosesTheConnectionAndGetsNoFailureFrame() throws Exception {
        ScriptedBody slow = new ScriptedBody().write(frame("{\"content\":\"Once\"}"));
        for (int i = 0; i < 100; i++) {
            slow.pause(50).write(": ping\n\n");
        }
        integrations.enqueue(stream(slow));
        ReplyCall call = client.open(ask());
        assertThat(call.next(Duration.ofSeconds(10))).isEqualTo(new UpstreamFrame.Delta("Once"));

        call.abort();

        assertThat(slow.clientGone().get(5, TimeUnit.SECONDS)).isPositive();
        assertThat(call.next(Duration.ofMillis(300))).isNull();
    }
}
