package dev.symbia.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.web.sse.SseStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class SseSinkTests {

    @Test
    void eventsAreWrittenAsNamedFramesUntilTheStreamCompletes() throws Exception {
        SseSink sink = new SseSink(JsonMapper.builder().build());
        AtomicBoolean left = new AtomicBoolean();
        sink.onLeave(() -> left.set(true));
        assertThat(sink.send("execution:state", Map.of("state", "running"))).isTrue();
        sink.complete();
        assertThat(sink.send("port:emit", Map.of())).isFalse(); // after the end nothing more is taken

        MockHttpServletResponse response = new MockHttpServletResponse();
        sink.pump(SseStream.open(response, Map.of()));

        assertThat(response.getContentAsString()).isEqualTo("event:execution:state\ndata:{\"state\":\"running\"}\n\n");
        assertThat(left).isTrue();
    }

    @Test
    void aSubscriberTooFarBehindIsEndedNotSkipped() throws Exception {
        SseSink sink = new SseSink(JsonMapper.builder().build());
        int sent = 0;
        while (sink.send("metrics:update", Map.of("n", sent))) {
            sent++;
        }
        assertThat(sent).isEqualTo(SseSink.BACKLOG);

        MockHttpServletResponse response = new MockHttpServletResponse();
        sink.pump(SseStream.open(response, Map.of()));

        String body = response.getContentAsString();
        assertThat(body.split("\n\n")).hasSize(SseSink.BACKLOG);
        assertThat(body).endsWith("data:{\"n\":" + (SseSink.BACKLOG - 1) + "}\n\n");
    }
}
