package dev.symbia.logging.metrics;

import dev.symbia.logging.ingest.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Metric definitions: reads limited to the given orgs, writes to one org. */
@Service
public class MetricStore {

    private static final String COLUMNS =
            "id, org_id, name, description, unit, type, tags, retention_days, created_by, created_at, updated_at";

    private final JdbcClient jdbc;

    MetricStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The live metric of that name in the org, created with the given type when missing. */
    public Metric getOrCreate(UUID org, String name, MetricType type, String unit, String description, String createdBy) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Metric> existing = byName(org, name);
            if (existing.isPresent()) {
                return existing.get();
            }
            Optional<Metric> created = insert(org, name, description, unit, type, new String[0], null, createdBy);
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new IllegalStateException("could not create metric " + name);
    }

    Created create(UUID org, String createdBy, MetricRequest request) {
        String name = Rows.clean(request.name().trim());
        Optional<Metric> created = insert(org, name, Rows.clean(request.description()), Rows.clean(request.unit()),
                request.parsedType(), tags(request.tags()), request.retentionDays(), createdBy);
        return created.map(m -> new Created(m, true))
                .orElseGet(() -> new Created(byName(org, name).orElseThrow(), false));
    }

    private Optional<Metric> insert(UUID org, String name, String description, String unit, MetricType type,
            String[] tags, Integer retentionDays, String createdBy) {
        return jdbc.sql("""
                INSERT INTO metrics (id, org_id, name, description, unit, type, tags, retention_days, created_by)
                VALUES (:id, :org, :name, :description, :unit, :type, :tags, :retention, :by)
                ON CONFLICT (org_id, name) WHERE deleted_at IS NULL DO NOTHING
                RETURNING\s""" + COLUMNS)
                .param("id", UUID.randomUUID()).param("org", org).param("name", Rows.clean(name))
                .param("description", description).param("unit", unit).param("type", type.wire())
                .param("tags", tags).param("retention", retentionDays).param("by", createdBy)
                .query(MetricStore::row).optional();
    }

    Optional<Metric> byName(UUID org, String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM metrics WHERE org_id = :org AND name = :name AND deleted_at IS NULL")
                .param("org", org).param("name", name).query(MetricStore::row).optional();
    }

    List<Metric> list(Collection<UUID> orgs) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM metrics WHERE org_id IN (:orgs) AND deleted_at IS NULL ORDER BY name, id")
                .param("orgs", orgs).query(MetricStore::row).list();
    }

    Optional<Metric> find(Collection<UUID> orgs, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM metrics WHERE id = :id AND org_id IN (:orgs) AND deleted_at IS NULL")
                .param("id", id).param("orgs", orgs).query(MetricStore::row).optional();
    }

    /** MetricStore by id or name within the orgs; unknown ones are simply absent. */
    List<Metric> resolve(Collection<UUID> orgs, Collection<UUID> ids, Collection<String> names) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM metrics WHERE org_id IN (:orgs) AND deleted_at IS NULL"
                        + " AND (id = ANY(CAST(:ids AS uuid[])) OR name = ANY(CAST(:names AS text[]))) ORDER BY name, id")
                .param("orgs", orgs)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .param("names", names.toArray(String[]::new))
                .query(MetricStore::row).list();
    }

    Optional<Metric> update(UUID org, UUID id, MetricPatch patch) {
        return jdbc.sql("""
                UPDATE metrics SET
                  description = COALESCE(:description, description),
                  unit = COALESCE(:unit, unit),
                  tags = COALESCE(:tags, tags),
                  retention_days = CASE WHEN :clearRetention THEN NULL ELSE COALESCE(:retention, retention_days) END,
                  updated_at = now()
                WHERE id = :id AND org_id = :org AND deleted_at IS NULL
                RETURNING\s""" + COLUMNS)
                .param("description", Rows.clean(patch.description())).param("unit", Rows.clean(patch.unit()))
                .param("tags", patch.tags() == null ? null : tags(patch.tags()))
                .param("retention", patch.retentionDays())
                .param("clearRetention", Boolean.TRUE.equals(patch.useDefaultRetention()))
                .param("id", id).param("org", org)
                .query(MetricStore::row).optional();
    }

    /** Soft delete; the retention job purges the points in batches. */
    boolean delete(UUID org, UUID id) {
        return jdbc.sql("UPDATE metrics SET deleted_at = now() WHERE id = :id AND org_id = :org AND deleted_at IS NULL")
                .param("id", id).param("org", org).update() == 1;
    }

    private static String[] tags(List<String> tags) {
        return tags == null ? new String[0] : tags.stream().map(String::trim).map(Rows::clean).distinct().toArray(String[]::new);
    }

    static Metric row(ResultSet rs, int n) throws SQLException {
        return new Metric(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class), rs.getString("name"),
                rs.getString("description"), rs.getString("unit"), rs.getString("type"),
                Arrays.asList((String[]) rs.getArray("tags").getArray()), (Integer) rs.getObject("retention_days"),
                rs.getString("created_by"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    record Created(Metric metric, boolean isNew) {
    }
}
