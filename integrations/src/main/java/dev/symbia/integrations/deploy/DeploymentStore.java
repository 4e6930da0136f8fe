package dev.symbia.integrations.deploy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code deployments} and {@code deployment_steps} tables. Every read by id is scoped to an org. */
@Repository
class DeploymentStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeploymentStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new running deployment, leased to {@code owner} (the replica that will run it); null: claimable at once. */
    void create(UUID id, String orgId, String userId, JsonNode request, String owner, Duration lease) {
        Timestamp now = now();
        jdbc.sql("INSERT INTO deployments (id, org_id, user_id, status, request, created_at, updated_at, owner, lease_until) "
                        + "VALUES (:id, :org, :user, 'running', CAST(:request AS jsonb), :now, :now, :owner, "
                        + "CASE WHEN CAST(:owner AS text) IS NULL THEN NULL ELSE now() + make_interval(secs => :secs) END)")
                .param("id", id).param("org", orgId).param("user", userId)
                .param("request", json.writeValueAsString(request)).param("now", now).param("owner", owner)
                .param("secs", seconds(lease)).update();
    }

    /** Extends {@code owner}'s leases on those of {@code ids} it still holds and that still run; returns those. */
    Set<UUID> renew(String owner, Collection<UUID> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("UPDATE deployments SET lease_until = now() + make_interval(secs => :secs) "
                        + "WHERE owner = :owner AND status = 'running' AND id IN (:ids) RETURNING id")
                .param("secs", seconds(lease)).param("owner", owner).param("ids", List.copyOf(ids))
                .query(UUID.class).list());
    }

    /** Whether {@code owner} still holds an unexpired lease on the running deployment; extends it if so. */
    boolean holds(String owner, UUID id, Duration lease) {
        return jdbc.sql("UPDATE deployments SET lease_until = now() + make_interval(secs => :secs) WHERE id = :id "
                        + "AND owner = :owner AND status = 'running' AND lease_until > now()")
                .param("secs", seconds(lease)).param("id", id).param("owner", owner).update() == 1;
    }

    /**
     * Takes over running deployments nobody holds (their replica died or stopped): each is claimed by exactly one
     * replica (row locks, skipping rows another replica is claiming at the same moment).
     */
    List<DeploymentView> claimExpired(String owner, Duration lease, int limit) {
        List<UUID> claimed = jdbc.sql("UPDATE deployments SET owner = :owner, lease_until = now() + make_interval(secs => :secs) "
                        + "WHERE id IN (SELECT id FROM deployments WHERE status = 'running' "
                        + "AND (lease_until IS NULL OR lease_until < now()) ORDER BY created_at LIMIT :limit "
                        + "FOR UPDATE SKIP LOCKED) RETURNING id")
                .param("owner", owner).param("secs", seconds(lease)).param("limit", limit).query(UUID.class).list();
        return claimed.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /** Gives up {@code owner}'s leases (a graceful stop), so another replica resumes its deployments at once. */
    void release(String owner) {
        jdbc.sql("UPDATE deployments SET lease_until = NULL WHERE owner = :owner AND status = 'running'")
                .param("owner", owner).update();
    }

    int startStep(UUID id, String name) {
        Integer seq = jdbc.sql("INSERT INTO deployment_steps (deployment_id, seq, name, status, started_at) "
                        + "SELECT :id, COALESCE(MAX(seq), 0) + 1, :name, 'running', :now FROM deployment_steps "
                        + "WHERE deployment_id = :id RETURNING seq")
                .param("id", id).param("name", name).param("now", now()).query(Integer.class).single();
        touch(id);
        return seq;
    }

    void finishStep(UUID id, int seq, String status, String vendorId, Object findings, Object detail, String error) {
        jdbc.sql("UPDATE deployment_steps SET status = :status, finished_at = :now, vendor_id = COALESCE(:vendor, vendor_id), "
                        + "findings = CAST(:findings AS jsonb), detail = CAST(:detail AS jsonb), error = :error "
                        + "WHERE deployment_id = :id AND seq = :seq")
                .param("status", status).param("now", now()).param("vendor", vendorId)
                .param("findings", findings == null ? null : json.writeValueAsString(findings))
                .param("detail", detail == null ? null : json.writeValueAsString(detail))
                .param("error", error).param("id", id).param("seq", seq).update();
        touch(id);
    }

    /** Railway's deployment id, stored the moment it is known (what a restart resumes from). */
    void railwayDeployment(UUID id, int seq, String railwayId) {
        jdbc.sql("UPDATE deployments SET railway_deployment_id = :rid, updated_at = :now WHERE id = :id")
                .param("rid", railwayId).param("now", now()).param("id", id).update();
        jdbc.sql("UPDATE deployment_steps SET vendor_id = :rid WHERE deployment_id = :id AND seq = :seq")
                .param("rid", railwayId).param("id", id).param("seq", seq).update();
    }

    /** Ends a running deployment; false when it had already ended (a cancel racing the runner). */
    boolean finish(UUID id, String status, String error) {
        return finish(id, null, status, error);
    }

    /** As {@link #finish(UUID, String, String)}, only while {@code owner} (when not null) still holds it. */
    boolean finish(UUID id, String owner, String status, String error) {
        Timestamp now = now();
        return jdbc.sql("UPDATE deployments SET status = :status, error = :error, updated_at = :now, finished_at = :now "
                        + "WHERE id = :id AND status = 'running' AND (CAST(:owner AS text) IS NULL OR owner = :owner)")
                .param("status", status).param("error", error).param("now", now).param("id", id).param("owner", owner)
                .update() == 1;
    }

    /** Steps still running when a deployment ends are closed with the deployment's outcome. */
    void closeOpenSteps(UUID id, String status) {
        jdbc.sql("UPDATE deployment_steps SET status = :status, finished_at = :now WHERE deployment_id = :id "
                        + "AND status = 'running'").param("status", status).param("now", now()).param("id", id).update();
    }

    Optional<DeploymentView> find(String orgId, UUID id) {
        return jdbc.sql("SELECT * FROM deployments WHERE id = :id AND org_id = :org").param("id", id).param("org", orgId)
                .query(this::row).optional().map(d -> withSteps(d));
    }

    List<DeploymentView> list(String orgId, int limit) {
        return jdbc.sql("SELECT * FROM deployments WHERE org_id = :org ORDER BY created_at DESC, id LIMIT :limit")
                .param("org", orgId).param("limit", limit).query(this::row).list().stream().map(this::withSteps).toList();
    }

    /** A deployment by id alone: only for the service's own work (runner, events), never a caller's read. */
    Optional<DeploymentView> find(UUID id) {
        return jdbc.sql("SELECT * FROM deployments WHERE id = :id").param("id", id).query(this::row).optional()
                .map(this::withSteps);
    }

    private DeploymentView withSteps(DeploymentView deployment) {
        List<DeploymentView.Step> steps = jdbc.sql("SELECT * FROM deployment_steps WHERE deployment_id = :id ORDER BY seq")
                .param("id", deployment.id()).query((rs, n) -> {
                    Instant started = instant(rs, "started_at");
                    Instant finished = instant(rs, "finished_at");
                    return new DeploymentView.Step(rs.getInt("seq"), rs.getString("name"), rs.getString("status"), started,
                            finished, finished == null ? null : finished.toEpochMilli() - started.toEpochMilli(),
                            rs.getString("vendor_id"), jsonb(rs, "findings"), jsonb(rs, "detail"), rs.getString("error"));
                }).list();
        return new DeploymentView(deployment.id(), deployment.orgId(), deployment.userId(), deployment.status(),
                deployment.request(), deployment.railwayDeploymentId(), deployment.error(), deployment.createdAt(),
                deployment.updatedAt(), deployment.finishedAt(), steps);
    }

    private DeploymentView row(ResultSet rs, int n) throws SQLException {
        return new DeploymentView(rs.getObject("id", UUID.class), rs.getString("org_id"), rs.getString("user_id"),
                rs.getString("status"), jsonb(rs, "request"), rs.getString("railway_deployment_id"), rs.getString("error"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "finished_at"), List.of());
    }

    private void touch(UUID id) {
        jdbc.sql("UPDATE deployments SET updated_at = :now WHERE id = :id").param("now", now()).param("id", id).update();
    }

    private JsonNode jsonb(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : json.readTree(text);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    // Microseconds: what PostgreSQL keeps, so a written and a read value compare equal.
    private static Timestamp now() {
        return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }
}
