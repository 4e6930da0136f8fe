package dev.symbia.integrations.metrics;

import dev.symbia.integrations.stream.ErrorCategory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the LLM gateway (exported at {@code /actuator/prometheus}):
 * <ul>
 * <li>{@code integrations.chat.requests} — calls, by provider, model, outcome</li>
 * <li>{@code integrations.chat.errors} — failed attempts, by provider and category, phase
 *     {@code before_stream} (retryable) or {@code mid_stream}</li>
 * <li>{@code integrations.chat.tokens} — tokens, by provider, model, type (prompt|completion)</li>
 * <li>{@code integrations.chat.ttft} and {@code integrations.chat.duration} — histograms</li>
 * <li>{@code integrations.chat.streams.active} — provider streams in flight</li>
 * </ul>
 * Model ids are caller-supplied, so at most {@value #MAX_MODEL_TAGS} distinct ones become tags;
 * the rest are {@code other}, keeping cardinality bounded.
 */
@Component
public class ChatMetrics {

    static final int MAX_MODEL_TAGS = 200;

    private final MeterRegistry registry;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final Set<String> modelTags = ConcurrentHashMap.newKeySet();

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("integrations.chat.streams.active", activeStreams);
    }

    public void streamOpened() {
        activeStreams.incrementAndGet();
    }

    public void streamClosed() {
        activeStreams.decrementAndGet();
    }

    public int activeStreams() {
        return activeStreams.get();
    }

    public void attemptFailed(String provider, ErrorCategory category, boolean midStream) {
        Counter.builder("integrations.chat.errors")
                .description("Failed provider attempts")
                .tag("provider", provider)
                .tag("category", category.wireName())
                .tag("phase", midStream ? "mid_stream" : "before_stream")
                .register(registry)
                .increment();
    }

    public void finished(String provider, String model, String outcome, int promptTokens, int completionTokens,
            Duration ttft, Duration duration) {
        String modelTag = modelTag(model);
        Counter.builder("integrations.chat.requests").description("Chat calls")
                .tag("provider", provider).tag("model", modelTag).tag("outcome", outcome)
                .register(registry).increment();
        tokens(provider, modelTag, "prompt", promptTokens);
        tokens(provider, modelTag, "completion", completionTokens);
        if (ttft != null) {
            Timer.builder("integrations.chat.ttft").description("Time to first token")
                    .tag("provider", provider).tag("model", modelTag)
                    .publishPercentileHistogram()
                    .register(registry).record(ttft);
        }
        Timer.builder("integrations.chat.duration").description("Whole call duration")
                .tag("provider", provider).tag("model", modelTag).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry).record(duration);
    }

    private void tokens(String provider, String modelTag, String type, int count) {
        if (count > 0) {
            Counter.builder("integrations.chat.tokens").description("Tokens")
                    .tag("provider", provider).tag("model", modelTag).tag("type", type)
                    .register(registry).increment(count);
        }
    }

    private String modelTag(String model) {
        if (model == null) {
            return "unknown";
        }
        if (modelTags.contains(model)) {
            return model;
        }
        if (modelTags.size() < MAX_MODEL_TAGS) {
            modelTags.add(model);
            return model;
        }
        return "other";
    }
}
