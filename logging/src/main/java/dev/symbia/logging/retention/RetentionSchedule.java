package dev.symbia.logging.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the retention job on its schedule, unless {@code symbia.logging.retention.enabled=false}. */
@Component
@ConditionalOnBooleanProperty(name = "symbia.logging.retention.enabled", matchIfMissing = true)
class RetentionSchedule {

    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final RetentionJob job;

    RetentionSchedule(RetentionJob job) {
        this.job = job;
    }

    @Scheduled(initialDelayString = "${symbia.logging.retention.initial-delay:1m}",
            fixedDelayString = "${symbia.logging.retention.interval:10m}")
    void run() {
        try {
            job.runOnce();
        } catch (RuntimeException e) {
            // A failed pass (database down) is retried on the next tick; the service keeps serving.
            log.warn("Retention pass failed: {}", e.toString());
        }
    }
}
