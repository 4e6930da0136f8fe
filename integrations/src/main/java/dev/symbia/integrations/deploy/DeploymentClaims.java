package dev.symbia.integrations.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Which replica runs which deployment. Every {@code claimInterval} this replica renews the leases of the deployments it
 * runs — one it no longer holds (cancelled or taken over elsewhere) is stopped here — and claims running deployments
 * whose lease expired, i.e. whose replica died, or that a stopping replica released: those are
 * {@link DeploymentRunner#resume resumed} here, watched again but never deployed twice. The first look happens as soon
 * as the service is ready, so a restarted single replica picks up what it was running.
 */
@Component
class DeploymentClaims implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeploymentClaims.class);
    private static final int CLAIM_BATCH = 20;

    private final DeploymentStore store;
    private final DeploymentRunner runner;
    private final DeploymentProperties properties;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("deployment-claims").daemon().factory());

    DeploymentClaims(DeploymentStore store, DeploymentRunner runner, DeploymentProperties properties) {
        this.store = store;
        this.runner = runner;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long every = properties.claimInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            renew();
            claim();
        } catch (RuntimeException e) {
            // The database may be away for a moment; the leases outlive a few missed renewals.
            log.warn("Deployment lease round failed ({})", e.getClass().getSimpleName());
        }
    }

    private void renew() {
        Set<UUID> running = runner.running();
        Set<UUID> held = store.renew(runner.owner(), running, properties.lease());
        Set<UUID> gone = new HashSet<>(running);
        gone.removeAll(held);
        gone.forEach(runner::lost);
    }

    private void claim() {
        List<DeploymentView> claimed = store.claimExpired(runner.owner(), properties.lease(), CLAIM_BATCH);
        for (DeploymentView deployment : claimed) {
            log.info("Claimed deployment {} (its replica stopped or its lease expired)", deployment.id());
            try {
                runner.resume(deployment);
            } catch (RuntimeException e) {
                log.warn("Could not resume deployment {} ({})", deployment.id(), e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
