package dev.symbia.network.routing;

import dev.symbia.relay.RejectionReason;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Audit of refused events: a metric ({@code network.events.rejected} by reason and channel), a warning
 * in the log, and a stored record. Never the event's data or signature, only who, what and why.
 */
@Component
public class RejectionLog {

    private static final Logger log = LoggerFactory.getLogger(RejectionLog.class);

    /** What is known about the refused event; any field may be null when it could not be read. */
    public record Facts(String eventId, String eventType, String source, String principal) {
    }

    private final JdbcClient jdbc;
    private final MeterRegistry meters;

    RejectionLog(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public EventRejection record(RejectionReason reason, String channel, Facts facts, String message) {
        meters.counter("network.events.rejected", "reason", reason.code(), "channel", channel).increment();
        log.warn("Rejected event {} type={} source={} from {} over {}: {}", facts.eventId(), facts.eventType(),
                facts.source(), facts.principal(), channel, reason.code());
        try {
            jdbc.sql("""
                            INSERT INTO rejections (reason, channel, event_id, event_type, source, principal, detail)
                            VALUES (:reason, :channel, :eventId, :eventType, :source, :principal, :detail)""")
                    .param("reason", reason.code())
                    .param("channel", channel)
                    .param("eventId", cut(facts.eventId(), 128))
                    .param("eventType", cut(facts.eventType(), 200))
                    .param("source", cut(facts.source(), 128))
                    .param("principal", cut(facts.principal(), 300))
                    .param("detail", cut(message, 500))
                    .update();
        } catch (RuntimeException e) {
            log.warn("Could not store a rejection record: {}", e.getClass().getSimpleName());
        }
        return new EventRejection(reason, message);
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM rejections").query(Long.class).single();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
