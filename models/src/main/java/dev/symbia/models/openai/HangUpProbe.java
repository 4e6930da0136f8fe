package dev.symbia.models.openai;

import dev.symbia.models.inference.TextSink;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import org.springframework.http.MediaType;

/**
 * Notices that the caller of a non-streamed completion hung up. A blocking servlet sees a closed connection only when
 * it writes, so once a generation has run longer than {@code interval} this writes one space (JSON allows leading
 * whitespace before the reply) every {@code interval}; the write after the peer's reset fails, and the failure
 * cancels the generation in llama.cpp. Replies shorter than the interval never write early and so keep their
 * status and headers; a longer one commits 200 and JSON before its body.
 */
final class HangUpProbe implements TextSink {

    private final HttpServletResponse response;
    private final long intervalNanos;
    private long last = System.nanoTime();
    private OutputStream out;

    HangUpProbe(HttpServletResponse response, Duration interval) {
        this.response = response;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void accept(String text) throws IOException {
        long now = System.nanoTime();
        if (now - last < intervalNanos) {
            return;
        }
        last = now;
        if (out == null) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            out = response.getOutputStream();
        }
        out.write(' ');
        out.flush();
    }

    /** True once the probe has written: the reply's status and headers are sent. */
    boolean committed() {
        return out != null;
    }
}
