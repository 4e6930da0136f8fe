package dev.symbia.integrations.connector;

import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.support.RequestId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One structured record per connector call and per deployment step, for the logging service (the service's logs
 * reach it over OTLP, libs/telemetry): the message is {@code connector.call <json>} / {@code deployment.step <json>}
 * with org, user, connector, operation, vendor request id, outcome, duration and a summary (findings counts, never
 * a credential or a request's values), so a person or an assistant can query it by text; the same fields are
 * attached as SLF4J key-values. Counts per connector, operation and outcome are the metric
 * {@code integrations.connector.calls} (per org: query the records, since org ids are unbounded as metric tags).
 */
@Component
public class ConnectorCallLog {

    private static final Logger log = LoggerFactory.getLogger("dev.symbia.integrations.connector.records");

    private final JsonMapper json;
    private final MeterRegistry meters;

    ConnectorCallLog(JsonMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    public void call(Account owner, String connector, String operation, String outcome, String category,
            String vendorRequestId, Duration duration, Map<String, Object> summary) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("orgId", owner.orgId());
        record.put("userId", owner.userId());
        record.put("requestId", RequestId.current());
        record.put("connector", connector);
        record.put("operation", operation);
        record.put("outcome", outcome);
        if (category != null) {
            record.put("category", category);
        }
        if (vendorRequestId != null) {
            record.put("vendorRequestId", vendorRequestId);
        }
        record.put("durationMs", duration.toMillis());
        if (summary != null && !summary.isEmpty()) {
            record.put("summary", summary);
        }
        emit("connector.call", record);
        meters.counter("integrations.connector.calls", "connector", connector, "operation", operation, "outcome", outcome)
                .increment();
    }

    public void step(Map<String, Object> record) {
        emit("deployment.step", record);
    }

    private void emit(String kind, Map<String, Object> record) {
        var event = log.atInfo();
        record.forEach((key, value) -> event.addKeyValue(key, value));
        event.log("{} {}", kind, json.writeValueAsString(record));
    }
}
