package dev.symbia.runtime.component;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks' writer: structured lines on the {@code symbia.runtime.sink} logger, which libs/telemetry ships to the
 * logging service over OTLP. Not yet a metric series in logging's metrics API (see README "Not built").
 */
final class LoggerSinkWriter implements SinkWriter {

    private static final Logger SINK = LoggerFactory.getLogger("symbia.runtime.sink");

    @Override
    public boolean metric(String name, double value, Map<String, String> labels, String orgId) {
        SINK.info("metric name={} value={} org={} labels={}", name, value, orgId, labels);
        return true;
    }

    @Override
    public boolean log(String level, String message, Map<String, String> meta) {
        switch (level) {
            case "debug" -> SINK.debug("{} {}", message, meta);
            case "warn" -> SINK.warn("{} {}", message, meta);
            case "error" -> SINK.error("{} {}", message, meta);
            default -> SINK.info("{} {}", message, meta);
        }
        return true;
    }
}
