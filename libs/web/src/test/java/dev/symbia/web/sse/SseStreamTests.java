package dev.symbia.web.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class SseStreamTests {

    @Test
    void namedEventsAndCommentsAreTheBytesSseEmitterWrote() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        SseStream out = SseStream.open(response, Map.of());
        out.event("7", "event", "{\"a\":1}");
        out.event(null, "logs", "[]");
        out.comment(" heartbeat");
        out.flush();

        String expected = emitted(SseEmitter.event().id("7").name("event").data("{\"a\":1}"))
                + emitted(SseEmitter.event().name("logs").data("[]"))
                + emitted(SseEmitter.event().comment(" heartbeat"));
        assertThat(response.getContentAsString()).isEqualTo(expected)
                .isEqualTo("id:7\nevent:event\ndata:{\"a\":1}\n\nevent:logs\ndata:[]\n\n: heartbeat\n\n");
        assertThat(response.getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void aFrameInPartsIsThoseBytesInOrderAndNothingElse() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        SseStream out = SseStream.open(response, Map.of());
        byte[] head = "data: {\"c\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = "\"}\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.frame(head, "h\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8), tail);
        out.frame(head, new byte[0], tail);
        out.flush();

        assertThat(response.getContentAsString()).isEqualTo("data: {\"c\":\"h\u00e9\"}\n\ndata: {\"c\":\"\"}\n\n");
    }

    /** What SseEmitter puts on the wire for one event (its data parts are the strings given). */
    private static String emitted(SseEmitter.SseEventBuilder event) {
        StringBuilder wire = new StringBuilder();
        event.build().forEach(part -> wire.append(part.getData()));
        return wire.toString();
    }
}
