package dev.symbia.integrations.deploy;

import dev.symbia.integrations.connector.Connector;
import dev.symbia.integrations.connector.ConnectorCallLog;
import dev.symbia.integrations.connector.ConnectorCredentials;
import dev.symbia.integrations.connector.JfrogClient;
import dev.symbia.integrations.connector.RailwayClient;
import dev.symbia.integrations.connector.Severity;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.support.RequestId;
import dev.symbia.web.problem.ProblemException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs secure deploys, one virtual thread each: Xray scan → Xray summary → severity gate → optional pipeline →
 * Railway deploy → watch Railway to a terminal status. Each step is persisted before it starts and when it ends,
 * and published. The deploy step is written before Railway is asked and Railway's id stored as soon as it answers,
 * so {@link #resume} can watch an interrupted deployment again without ever deploying it twice.
 *
 * <p>With several replicas on one database, the replica running a deployment holds a lease on it ({@link
 * DeploymentClaims} renews it, and takes over deployments whose lease expired). Before every step the lease is
 * checked and extended in the database, so a replica that lost it (paused too long, or the deployment was
 * cancelled on another replica) stops before doing anything more — in particular before asking Railway to deploy.
 */
@Component
class DeploymentRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);
    private static final Set<String> RUN_DONE = Set.of("success", "failure", "error", "cancelled", "unstable");

    private final DeploymentStore store;
    private final DeploymentEvents events;
    private final ConnectorCredentials credentials;
    private final JfrogClient jfrog;
    private final RailwayClient railway;
    private final ConnectorCallLog records;
    private final DeploymentProperties properties;
    private final JsonMapper json;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("deployment-", 0).factory());
    private final Map<UUID, Thread> active = new ConcurrentHashMap<>();
    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
    // Deployments another replica now holds (or that ended elsewhere): their thread stops without writing.
    private final Set<UUID> lost = ConcurrentHashMap.newKeySet();
    private final String owner = "integrations-" + UUID.randomUUID();
    // Set while the service shuts down: interrupted deployments are left running for the next start to resume.
    private volatile boolean stopping;

    DeploymentRunner(DeploymentStore store, DeploymentEvents events, ConnectorCredentials credentials, JfrogClient jfrog,
            RailwayClient railway, ConnectorCallLog records, DeploymentProperties properties, JsonMapper json) {
        this.store = store;
        this.events = events;
        this.credentials = credentials;
        this.jfrog = jfrog;
        this.railway = railway;
        this.records = records;
        this.properties = properties;
        this.json = json;
    }

    /** Why a deployment stopped early: the step's status and the deployment's. */
    private static final class Stop extends RuntimeException {
        private final String deploymentStatus;

        Stop(String deploymentStatus, String message) {
            super(message, null, false, false);
            this.deploymentStatus = deploymentStatus;
        }
    }

    /** This replica's name in the deployments' {@code owner} column. */
    String owner() {
        return owner;
    }

    /** The deployments this replica is running now. */
    Set<UUID> running() {
        return Set.copyOf(active.keySet());
    }

    /** The lease on a deployment this replica runs is gone: its thread stops at once, writing nothing more. */
    void lost(UUID id) {
        lost.add(id);
        Thread thread = active.get(id);
        if (thread != null) {
            log.info("Deployment {} is no longer held by this replica; stopping here", id);
            thread.interrupt();
        }
    }

    void start(UUID id, Account account, DeploymentRequest request) {
        threads.execute(() -> guarded(id, account, () -> run(id, account, request)));
    }

    /**
     * Picks up what a previous run of the service left running: a deployment Railway already accepted is watched
     * again; one whose deploy call was in flight (no id stored) is failed, since Railway may or may not have started
     * it and asking again could deploy twice; one interrupted before the deploy step is failed too (start it anew).
     */
    void resume(DeploymentView deployment) {
        Account account = new Account(deployment.orgId(), deployment.userId());
        if (deployment.railwayDeploymentId() != null) {
            log.info("Resuming the watch of deployment {} (Railway deployment {})", deployment.id(),
                    deployment.railwayDeploymentId());
            threads.execute(() -> guarded(deployment.id(), account, () -> {
                store.closeOpenSteps(deployment.id(), "cancelled");
                watch(deployment.id(), account, deployment.railwayDeploymentId());
                end(deployment.id(), account, "succeeded", null);
            }));
            return;
        }
        boolean deployInFlight = deployment.steps().stream()
                .anyMatch(s -> s.name().equals("railway.deploy") && s.status().equals("running"));
        store.closeOpenSteps(deployment.id(), "failed");
        end(deployment.id(), account, "failed", deployInFlight
                ? "Interrupted by a restart while Railway was being asked to deploy; not asked again (it may or may not "
                        + "have started): check the service's Railway status."
                : "Interrupted by a restart before the Railway deploy; start a new deployment.");
    }

    /** Stops a running deployment here (its thread is interrupted); Railway is asked to cancel its deployment. */
    void cancel(DeploymentView deployment) {
        Thread thread = active.get(deployment.id());
        cancelled.add(deployment.id());
        boolean ended = store.finish(deployment.id(), "cancelled", "Cancelled by the caller.");
        if (thread == null) {
            // Run by another replica (its lease renewal finds it ended and stops it) or by none: nothing to stop here.
            cancelled.remove(deployment.id());
        }
        if (!ended) {
            return;
        }
        store.closeOpenSteps(deployment.id(), "cancelled");
        if (thread != null) {
            thread.interrupt();
        }
        if (deployment.railwayDeploymentId() != null) {
            Account account = new Account(deployment.orgId(), deployment.userId());
            try {
                railway.cancel(credentials.require(account, Connector.RAILWAY), deployment.railwayDeploymentId());
            } catch (ProblemException e) {
                log.warn("Railway did not cancel deployment {}: {}", deployment.railwayDeploymentId(), e.getBody().getDetail());
            }
        }
        publish(deployment.orgId(), deployment.id());
    }

    // On the deployment's own thread, whose logs and vault lookups carry the id "deployment-<id>".
    private void guarded(UUID id, Account account, Runnable body) {
        RequestId.run("deployment-" + id, () -> guardedHere(id, account, body));
    }

    private void guardedHere(UUID id, Account account, Runnable body) {
        active.put(id, Thread.currentThread());
        try {
            body.run();
        } catch (Stop stop) {
            if (stopping || lost.contains(id) || cancelled.contains(id)) {
                // Resumed (or failed safely) by the replica that holds it now or by the next start; or ended by the
                // cancel, which also asks Railway to cancel.
                return;
            }
            recordEnd(id, () -> end(id, account, stop.deploymentStatus, stop.getMessage()));
        } catch (RuntimeException e) {
            if (stopping || lost.contains(id)) {
                return;
            }
            log.warn("Deployment {} failed unexpectedly ({})", id, e.getClass().getSimpleName());
            recordEnd(id, () -> {
                store.closeOpenSteps(id, "failed");
                end(id, account, "failed", "Internal error: " + e.getClass().getSimpleName());
            });
        } finally {
            active.remove(id);
            cancelled.remove(id);
            lost.remove(id);
        }
    }

    /** Writes how a deployment ended; without a database it stays running, for the replica that claims it next. */
    private void recordEnd(UUID id, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.warn("Could not record the end of deployment {} ({}); its lease expires and another replica resumes it",
                    id, e.getClass().getSimpleName());
        }
    }

    private void run(UUID id, Account account, DeploymentRequest request) {
        Severity threshold = Severity.parse(request.gate().maxSeverity()).orElseThrow();
        String summaryPath;
        Credential jfrogKey = step(id, account, "credentials", () -> credentials.require(account, Connector.JFROG), null);
        if (request.image() != null) {
            // docker://<repo>/<image>:<tag>: Xray scans docker://<image>:<tag>; Artifactory keeps the image's
            // manifest at <repo>/<image>/<tag>/manifest.json, which is what the summary is asked about.
            String reference = request.image().substring("docker://".length());
            int slash = reference.indexOf('/');
            int colon = reference.lastIndexOf(':');
            String repo = reference.substring(0, slash);
            String image = reference.substring(slash + 1, colon);
            String tag = reference.substring(colon + 1);
            step(id, account, "xray.scan", () -> jfrog.scan(jfrogKey, new JfrogClient.Scan("docker://" + image + ":" + tag)),
                    result -> detail("info", result.get("info")));
            summaryPath = repo + "/" + image + "/" + tag + "/manifest.json";
        } else {
            // Artifacts in an Xray-indexed repository are scanned when stored; their summary is asked by path.
            skipped(id, "xray.scan", "Artifacts in indexed repositories are scanned by Xray on upload.");
            summaryPath = request.artifact().repo() + "/" + request.artifact().path();
        }
        JfrogClient.XraySummary summary = step(id, account, "xray.summary", () -> awaitSummary(id, jfrogKey, summaryPath),
                result -> detail("artifacts", result.artifacts().size()));
        gate(id, account, summary, threshold);
        if (request.pipeline() != null) {
            pipeline(id, account, jfrogKey, request.pipeline());
        }
        Credential railwayKey = step(id, account, "credentials", () -> credentials.require(account, Connector.RAILWAY), null);
        checkpoint(id);
        int deployStep = store.startStep(id, "railway.deploy");
        publish(account.orgId(), id);
        String railwayId;
        long started = System.nanoTime();
        try {
            railwayId = railway.deploy(railwayKey, new RailwayClient.Deploy(request.railway().serviceId(),
                    request.railway().environmentId(), null));
        } catch (ProblemException e) {
            fail(id, account, deployStep, "railway.deploy", e, started);
            throw new Stop("failed", "Railway deploy failed: " + e.getBody().getDetail());
        }
        store.railwayDeployment(id, deployStep, railwayId);
        if (!cancelled.contains(id) && !store.holds(owner, id, properties.lease())) {
            // Lost while Railway was being asked: cancelled on another replica (the deployment has ended there, so
            // cancel what Railway started) or taken over by one that now watches it (leave it to that one).
            if (store.find(id).map(DeploymentView::terminal).orElse(true)) {
                cancelled.add(id);
            } else {
                lost.add(id);
                throw new Stop("running", "held by another replica");
            }
        }
        if (cancelled.contains(id)) {
            // Cancelled while Railway was being asked: the cancel saw no id yet, so cancel what Railway started here.
            try {
                railway.cancel(railwayKey, railwayId);
            } catch (ProblemException e) {
                log.warn("Railway did not cancel deployment {}: {}", railwayId, e.getBody().getDetail());
            }
            throw new Stop("cancelled", "Cancelled by the caller.");
        }
        store.finishStep(id, deployStep, "succeeded", railwayId, null, detail("deploymentId", railwayId), null);
        record(account, id, "railway.deploy", "succeeded", railwayId, started, Map.of());
        publish(account.orgId(), id);
        watch(id, account, railwayId);
        end(id, account, "succeeded", null);
    }

    private JfrogClient.XraySummary awaitSummary(UUID id, Credential key, String path) {
        JfrogClient.XraySummary summary = null;
        for (int attempt = 1; attempt <= properties.summaryAttempts(); attempt++) {
            summary = jfrog.summary(key, new JfrogClient.Summary(List.of(path)));
            if (!summary.artifacts().isEmpty()) {
                return summary;
            }
            if (attempt < properties.summaryAttempts()) {
                pause();
            }
        }
        return summary;
    }

    private void gate(UUID id, Account account, JfrogClient.XraySummary summary, Severity threshold) {
        checkpoint(id);
        int seq = store.startStep(id, "gate");
        long started = System.nanoTime();
        if (summary.artifacts().isEmpty()) {
            // Fail closed: an artifact Xray says nothing about is not known to be clean.
            String error = "Xray has no summary for the artifact" + (summary.errors().isEmpty() ? ""
                    : ": " + summary.errors().getFirst().get("error"));
            store.finishStep(id, seq, "failed", null, null, null, error);
            record(account, id, "gate", "failed", null, started, Map.of());
            throw new Stop("failed", error);
        }
        List<JfrogClient.Issue> findings = summary.issuesAtOrAbove(threshold);
        Map<String, Object> counts = new LinkedHashMap<>();
        summary.artifacts().stream().flatMap(a -> a.issues().stream())
                .forEach(i -> counts.merge(i.severity().wireName(), 1, (a, b) -> (Integer) a + (Integer) b));
        Map<String, Object> detail = Map.of("maxSeverity", threshold.wireName(), "issuesBySeverity", counts);
        if (!findings.isEmpty()) {
            List<String> cves = findings.stream().flatMap(f -> f.cves().stream()).distinct().toList();
            String error = findings.size() + " issue(s) at or above " + threshold.wireName()
                    + (cves.isEmpty() ? "" : ": " + String.join(", ", cves));
            store.finishStep(id, seq, "blocked", null, findings, detail, error);
            record(account, id, "gate", "blocked", null, started, Map.of("findings", findings.size(), "cves", cves));
            throw new Stop("blocked", "Blocked by the gate: " + error);
        }
        store.finishStep(id, seq, "succeeded", null, List.of(), detail, null);
        record(account, id, "gate", "succeeded", null, started, detail);
        publish(account.orgId(), id);
    }

    private void pipeline(UUID id, Account account, Credential key, DeploymentRequest.Pipeline pipeline) {
        checkpoint(id);
        int seq = store.startStep(id, "pipeline");
        publish(account.orgId(), id);
        long started = System.nanoTime();
        try {
            jfrog.trigger(key, new JfrogClient.Trigger(pipeline.name(), pipeline.branch(), null));
            Optional<Long> pipelineId = jfrog.pipelineId(key, pipeline.name(), pipeline.branch());
            if (pipelineId.isEmpty()) {
                throw stepFailure(id, account, seq, "pipeline", started, "Pipelines has no pipeline named " + pipeline.name());
            }
            long deadline = System.nanoTime() + properties.pipelineTimeout().toNanos();
            while (true) {
                List<JfrogClient.Run> runs = jfrog.runs(key, new JfrogClient.Runs(Long.toString(pipelineId.get()), 1));
                if (!runs.isEmpty() && RUN_DONE.contains(runs.getFirst().status())) {
                    JfrogClient.Run run = runs.getFirst();
                    Map<String, Object> detail = Map.of("runId", run.id(), "runNumber", run.runNumber(), "status", run.status());
                    if (!run.status().equals("success")) {
                        store.finishStep(id, seq, "failed", Long.toString(run.id()), null, detail,
                                "Pipeline run ended " + run.status());
                        record(account, id, "pipeline", "failed", Long.toString(run.id()), started, detail);
                        throw new Stop("failed", "Pipeline run " + run.runNumber() + " ended " + run.status());
                    }
                    store.finishStep(id, seq, "succeeded", Long.toString(run.id()), null, detail, null);
                    record(account, id, "pipeline", "succeeded", Long.toString(run.id()), started, detail);
                    publish(account.orgId(), id);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw stepFailure(id, account, seq, "pipeline", started, "The pipeline did not finish within "
                            + properties.pipelineTimeout());
                }
                pause();
            }
        } catch (ProblemException e) {
            fail(id, account, seq, "pipeline", e, started);
            throw new Stop("failed", "Pipeline failed: " + e.getBody().getDetail());
        }
    }

    /** Polls Railway until its deployment ends; a failed or timed-out one fails the deployment. */
    private void watch(UUID id, Account account, String railwayId) {
        int seq = store.startStep(id, "railway.watch");
        publish(account.orgId(), id);
        long started = System.nanoTime();
        long deadline = started + properties.watchTimeout().toNanos();
        String last = null;
        while (true) {
            checkpoint(id); // a replica that lost the lease (paused past it) stops watching here
            Map<String, Object> status;
            try {
                status = railway.status(credentials.require(account, Connector.RAILWAY),
                        new RailwayClient.Status(railwayId, null, null, null));
            } catch (ProblemException e) {
                fail(id, account, seq, "railway.watch", e, started);
                throw new Stop("failed", "Railway status failed: " + e.getBody().getDetail());
            }
            String current = String.valueOf(status.get("status"));
            if (RailwayClient.SUCCEEDED.contains(current)) {
                store.finishStep(id, seq, "succeeded", railwayId, null, detail("status", current), null);
                record(account, id, "railway.watch", "succeeded", railwayId, started, Map.of("status", current));
                return;
            }
            if (RailwayClient.FAILED.contains(current)) {
                store.finishStep(id, seq, "failed", railwayId, null, detail("status", current),
                        "Railway deployment ended " + current);
                record(account, id, "railway.watch", "failed", railwayId, started, Map.of("status", current));
                throw new Stop("failed", "Railway deployment " + railwayId + " ended " + current);
            }
            if (!current.equals(last)) {
                last = current;
                publish(account.orgId(), id);
            }
            if (System.nanoTime() > deadline) {
                throw stepFailure(id, account, seq, "railway.watch", started,
                        "Railway did not reach a terminal status within " + properties.watchTimeout() + " (last " + current + ")");
            }
            pause();
        }
    }

    /**
     * Stops here when the deployment was cancelled, the service is stopping, or this replica no longer holds the
     * deployment's lease (checked, and extended, in the database before every step).
     */
    private void checkpoint(UUID id) {
        if (!lost.contains(id) && !stopping && !store.holds(owner, id, properties.lease())) {
            lost.add(id);
        }
        if (lost.contains(id)) {
            throw new Stop("running", "held by another replica");
        }
        if (cancelled.contains(id) || stopping || Thread.currentThread().isInterrupted()) {
            throw new Stop("cancelled", "Cancelled by the caller.");
        }
    }

    private <T> T step(UUID id, Account account, String name, java.util.function.Supplier<T> work,
            java.util.function.Function<T, Object> detail) {
        checkpoint(id);
        if (detail == null) { // not a step of its own: a missing credential fails the deployment
            try {
                return work.get();
            } catch (ProblemException e) {
                throw new Stop("failed", e.getBody().getDetail());
            }
        }
        int seq = store.startStep(id, name);
        publish(account.orgId(), id);
        long started = System.nanoTime();
        try {
            T result = work.get();
            store.finishStep(id, seq, "succeeded", null, null, detail.apply(result), null);
            record(account, id, name, "succeeded", null, started, Map.of());
            publish(account.orgId(), id);
            return result;
        } catch (ProblemException e) {
            fail(id, account, seq, name, e, started);
            throw new Stop("failed", name + " failed: " + e.getBody().getDetail());
        }
    }

    private void skipped(UUID id, String name, String why) {
        int seq = store.startStep(id, name);
        store.finishStep(id, seq, "skipped", null, null, detail("reason", why), null);
    }

    private void fail(UUID id, Account account, int seq, String name, ProblemException e, long started) {
        if (lost.contains(id) || stopping) {
            throw new Stop("running", "held by another replica or stopping");
        }
        // A cancel interrupts the vendor call in flight: that step was cancelled, not failed.
        if (cancelled.contains(id)) {
            store.finishStep(id, seq, "cancelled", null, null, null, null);
            throw new Stop("cancelled", "Cancelled by the caller.");
        }
        store.finishStep(id, seq, "failed", null, null, null, e.getBody().getDetail());
        record(account, id, name, "failed", null, started, Map.of("status", e.getStatusCode().value()));
    }

    private Stop stepFailure(UUID id, Account account, int seq, String name, long started, String error) {
        store.finishStep(id, seq, "failed", null, null, null, error);
        record(account, id, name, "failed", null, started, Map.of());
        return new Stop("failed", error);
    }

    private void end(UUID id, Account account, String status, String error) {
        if (store.finish(id, owner, status, error)) {
            publish(account.orgId(), id);
        }
    }

    private void publish(String orgId, UUID id) {
        store.find(orgId, id).ifPresent(events::publish);
    }

    private void record(Account account, UUID id, String step, String outcome, String vendorId, long started,
            Map<String, Object> summary) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("orgId", account.orgId());
        record.put("userId", account.userId());
        record.put("deploymentId", id.toString());
        record.put("step", step);
        record.put("outcome", outcome);
        if (vendorId != null) {
            record.put("vendorId", vendorId);
        }
        record.put("durationMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
        if (!summary.isEmpty()) {
            record.put("summary", summary);
        }
        records.step(record);
    }

    private Object detail(String key, Object value) {
        return json.valueToTree(Map.of(key, value == null ? "" : value));
    }

    private void pause() {
        if (stopping) {
            throw new Stop("running", "stopping");
        }
        try {
            Thread.sleep(properties.pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop("cancelled", "Cancelled by the caller.");
        }
    }

    /**
     * A graceful stop: the deployments' threads stop where they are (nothing is failed), then their leases are
     * given up so another replica — or this service's next start — resumes them without waiting for expiry.
     */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        threads.shutdownNow();
        if (!threads.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
            log.warn("Deployment threads still running at shutdown; their leases expire instead of being released");
            return;
        }
        try {
            store.release(owner);
        } catch (RuntimeException e) {
            log.warn("Could not release deployment leases ({}); they expire instead", e.getClass().getSimpleName());
        }
    }
}
