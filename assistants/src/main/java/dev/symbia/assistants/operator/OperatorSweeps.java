package dev.symbia.assistants.operator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every 30 seconds (the first soon after start): pending confirmations past their time become {@code expired}, with a
 * {@code confirmation} card in their conversation, so a user sees that an unanswered step was dropped rather than
 * finding it still waiting; and running requests whose replica died are taken over ({@link Operator#takeOverAbandoned}).
 */
@Component
class OperatorSweeps implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OperatorSweeps.class);

    private final Operator operator;
    private volatile ScheduledExecutorService scheduler;

    OperatorSweeps(Operator operator) {
        this.operator = operator;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("operator-sweeps").factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                operator.expireOverdue();
            } catch (RuntimeException e) {
                log.warn("Expiring overdue confirmations failed: {}", e.toString());
            }
            try {
                operator.takeOverAbandoned();
            } catch (RuntimeException e) {
                log.warn("Taking over abandoned operator runs failed: {}", e.toString());
            }
        }, 5, 30, TimeUnit.SECONDS);
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
