package dev.symbia.assistants.operator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Once a minute, pending confirmations past their time become {@code expired}, with a {@code confirmation} card in
 * their conversation, so a user sees that an unanswered step was dropped rather than finding it still waiting.
 */
@Component
class ConfirmationExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationExpiry.class);

    private final Operator operator;
    private volatile ScheduledExecutorService scheduler;

    ConfirmationExpiry(Operator operator) {
        this.operator = operator;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("operator-expiry").factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                operator.expireOverdue();
            } catch (RuntimeException e) {
                log.warn("Expiring overdue confirmations failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.shutdownNow();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
