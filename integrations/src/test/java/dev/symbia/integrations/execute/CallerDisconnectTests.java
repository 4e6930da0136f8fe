package dev.symbia.integrations.execute;

import static dev.symbia.test.provider.Wire.done;
import static dev.symbia.test.provider.Wire.sambaDelta;
import static dev.symbia.test.provider.Wire.sambaFinish;
import static dev.symbia.test.provider.Wire.sambaRole;
import static dev.symbia.test.provider.Wire.sambaUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.provider.HeldStream;
import dev.symbia.test.provider.ScriptedBody;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC §4: a caller that disconnects cancels the provider call within a second — also before the
 * provider's first event (nothing written to the caller yet) and on non-streamed calls (nothing
 * written until the end), on every surface. The fake provider sees its connection closed; the call
 * is accounted as cancelled and never retried or failed over.
 */
class CallerDisconnectTests extends GatewayTestSupport {

    private static final Duration WITHIN = Duration.ofMillis(1500);

    @ParameterizedTest(name = "{0} stream={1}")
    @CsvSource({
            "/api/execute, true, execute", "/api/execute, false, execute",
            "/api/internal/execute, true, internal", "/api/internal/execute, false, internal",
            "/v1/chat/completions, true, openai", "/v1/chat/completions, false, openai"})
    void aCallerLeavingBeforeTheFirstEventCancelsTheProviderCall(String path, boolean stream, String surface)
            throws Exception {
        HeldStream slowFirstToken = new HeldStream();
        SAMBANOVA.hold(slowFirstToken);

        long leftAt = sendAndLeave(path, body(path, stream), slowFirstToken, null);

        long providerClosedAt = slowFirstToken.clientGone().get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(providerClosedAt - leftAt)).isLessThan(WITHIN);
        Map<String, Object> row = usageRows(1).getFirst();
        assertThat(row).containsEntry("outcome", "cancelled").containsEntry("finish_reason", "cancelled")
                .containsEntry("surface", surface).containsEntry("streamed", stream)
                .containsEntry("provider", "sambanova").containsEntry("attempts", 1)
                .containsEntry("completion_tokens", 0).containsEntry("usage_estimated", true);
        assertThat(row.get("error_category")).isNull();
        assertThat((Integer) row.get("prompt_tokens")).as("the provider had the prompt").isPositive();
        assertThat(HUGGINGFACE.drainChatRequests()).as("no failover for a caller that left").isEmpty();
    }

    @ParameterizedTest(name = "stream={0}")
    @CsvSource({"true", "false"})
    void aCallerLeavingMidReplyWhileTheProviderIsSilentCancelsItToo(boolean stream) throws Exception {
        HeldStream stalled = new HeldStream(sambaRole(SAMBA_MODEL), sambaDelta(SAMBA_MODEL, "Partial answer"));
        SAMBANOVA.hold(stalled);

        long leftAt = sendAndLeave("/api/execute", body("/api/execute", stream), stalled,
                stream ? "Partial answer" : null);

        long providerClosedAt = stalled.clientGone().get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(providerClosedAt - leftAt)).isLessThan(WITHIN);
        Map<String, Object> row = usageRows(1).getFirst();
        assertThat(row).containsEntry("outcome", "cancelled").containsEntry("finish_reason", "cancelled")
                .containsEntry("streamed", stream).containsEntry("usage_estimated", true);
        assertThat((Integer) row.get("completion_tokens")).as("what was produced before leaving").isPositive();
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @CsvSource({"/api/execute, true", "/api/execute, false", "/v1/chat/completions, true",
            "/v1/chat/completions, false"})
    void aCallerThatWaitsThroughASlowFirstTokenGetsItsAnswer(String path, boolean stream) throws Exception {
        // Silent for several probe intervals: watching the connection must not mistake a patient caller for a gone one.
        SAMBANOVA.stream(new ScriptedBody().pause(1_000).write(sambaRole(SAMBA_MODEL))
                .write(sambaDelta(SAMBA_MODEL, "Worth ")).write(sambaDelta(SAMBA_MODEL, "the wait"))
                .write(sambaFinish(SAMBA_MODEL, "stop")).write(sambaUsage(SAMBA_MODEL, 21, 2)).write(done()));

        HttpResponse<String> response = post(path, body(path, stream));
        HttpResponse<String> next = get("/api/providers"); // the connection is still good for the next call

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("the wait");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(usageRows(1).getFirst()).containsEntry("outcome", "success").containsEntry("streamed", stream);
    }

    private static String body(String path, boolean stream) {
        if (path.startsWith("/v1/")) {
            return "{\"model\":\"sambanova/" + SAMBA_MODEL + "\",\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        }
        return chat(",\"stream\":" + stream, "");
    }

    /**
     * Sends the call over a raw connection, waits until the provider holds it (then ~200 ms more, or
     * until {@code awaitText} arrived), checks what the caller received so far, and closes the
     * connection. Returns when it closed.
     */
    private long sendAndLeave(String path, String body, HeldStream provider, String awaitText) throws Exception {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n")
                .append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
        callerHeaders(path).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            provider.held().get(5, TimeUnit.SECONDS);
            if (awaitText == null) {
                // A bounded read, not a sleep: nothing may arrive within 200 ms (the socket's read timeout).
                socket.setSoTimeout(200);
                assertThatThrownBy(() -> socket.getInputStream().read())
                        .as("nothing is written to the caller before there is something to answer")
                        .isInstanceOf(java.net.SocketTimeoutException.class);
                socket.setSoTimeout(0);
            } else {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.contains(awaitText)) {
                    // headers and frames before the awaited text
                }
                assertThat(line).isNotNull();
            }
        }
        return System.nanoTime();
    }
}
