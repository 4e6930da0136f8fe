package dev.symbia.messaging.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Chat stream metrics as messaging sees them: streams open now, time to first token, outcomes, failures. */
final class ChatMetrics {

    private final MeterRegistry registry;
    private final Timer ttft;

    ChatMetrics(MeterRegistry registry, ActiveReplies active) {
        this.registry = registry;
        Gauge.builder("symbia.chat.streams.active", active, ActiveReplies::size)
                .description("Chat replies being generated on this replica").register(registry);
        this.ttft = Timer.builder("symbia.chat.ttft")
                .description("From the request reaching messaging to the first delta sent back")
                .publishPercentileHistogram().register(registry);
    }

    void firstToken(Duration elapsed) {
        ttft.record(elapsed);
    }

    /** outcome: complete, incomplete, cancelled. */
    void finished(String outcome) {
        Counter.builder("symbia.chat.replies").tag("outcome", outcome).register(registry).increment();
    }

    void failed(String category) {
        // Categories come from integrations' frames: keep the tag's values a small, known-shaped set.
        String tag = category != null && category.matches("[a-z_]{1,32}") ? category : "other";
        Counter.builder("symbia.chat.failures").tag("category", tag).register(registry).increment();
    }
}
