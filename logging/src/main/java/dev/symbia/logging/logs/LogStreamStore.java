package dev.symbia.logging.logs;

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

/** Log streams: every read is limited to the orgs it is given, every write to one org. */
@Service
public class LogStreamStore {

    private static final String COLUMNS =
            "id, org_id, name, description, source, level, tags, retention_days, created_by, created_at, updated_at";

    private final JdbcClient jdbc;

    LogStreamStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The live stream of that name in the org, created if missing (idempotent, safe under concurrency). */
    public UUID getOrCreate(UUID org, String name, String source, String createdBy) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<UUID> existing = jdbc.sql("SELECT id FROM log_streams WHERE org_id = :org AND name = :name AND deleted_at IS NULL")
                    .param("org", org).param("name", name).query(UUID.class).optional();
            if (existing.isPresent()) {
                return existing.get();
            }
            Optional<UUID> created = jdbc.sql("""
                    INSERT INTO log_streams (id, org_id, name, source, created_by) VALUES (:id, :org, :name, :source, :by)
                    ON CONFLICT (org_id, name) WHERE deleted_at IS NULL DO NOTHING RETURNING id""")
                    .param("id", UUID.randomUUID()).param("org", org).param("name", name)
                    .param("source", source).param("by", createdBy).query(UUID.class).optional();
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new IllegalStateException("could not create log stream " + name);
    }

    /** Creates a stream; when one of that name exists in the org, returns it instead (second value false). */
    Created create(UUID org, String createdBy, StreamRequest request) {
        UUID id = UUID.randomUUID();
        Optional<LogStream> inserted = jdbc.sql("""
                INSERT INTO log_streams (id, org_id, name, description, source, level, tags, retention_days, created_by)
                VALUES (:id, :org, :name, :description, :source, :level, :tags, :retention, :by)
                ON CONFLICT (org_id, name) WHERE deleted_at IS NULL DO NOTHING
                RETURNING\s""" + COLUMNS)
                .param("id", id).param("org", org).param("name", Rows.clean(request.name().trim()))
                .param("description", Rows.clean(request.description())).param("source", Rows.clean(request.source()))
                .param("level", request.levelOrDefault().wire())
                .param("tags", tags(request.tags())).param("retention", request.retentionDays())
                .param("by", createdBy)
                .query(LogStreamStore::row).optional();
        if (inserted.isPresent()) {
            return new Created(inserted.get(), true);
        }
        LogStream existing = jdbc.sql("SELECT " + COLUMNS + " FROM log_streams WHERE org_id = :org AND name = :name AND deleted_at IS NULL")
                .param("org", org).param("name", request.name().trim()).query(LogStreamStore::row).single();
        return new Created(existing, false);
    }

    List<LogStream> list(Collection<UUID> orgs) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM log_streams WHERE org_id IN (:orgs) AND deleted_at IS NULL ORDER BY name, id")
                .param("orgs", orgs).query(LogStreamStore::row).list();
    }

    public Optional<LogStream> find(Collection<UUID> orgs, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM log_streams WHERE id = :id AND org_id IN (:orgs) AND deleted_at IS NULL")
                .param("id", id).param("orgs", orgs).query(LogStreamStore::row).optional();
    }

    Optional<LogStream> update(UUID org, UUID id, StreamPatch patch) {
        return jdbc.sql("""
                UPDATE log_streams SET
                  description = COALESCE(:description, description),
                  source = COALESCE(:source, source),
                  level = COALESCE(:level, level),
                  tags = COALESCE(:tags, tags),
                  retention_days = CASE WHEN :clearRetention THEN NULL ELSE COALESCE(:retention, retention_days) END,
                  updated_at = now()
                WHERE id = :id AND org_id = :org AND deleted_at IS NULL
                RETURNING\s""" + COLUMNS)
                .param("description", Rows.clean(patch.description())).param("source", Rows.clean(patch.source()))
                .param("level", patch.level() == null ? null : patch.parsedLevel().wire())
                .param("tags", patch.tags() == null ? null : tags(patch.tags()))
                .param("retention", patch.retentionDays())
                .param("clearRetention", Boolean.TRUE.equals(patch.useDefaultRetention()))
                .param("id", id).param("org", org)
                .query(LogStreamStore::row).optional();
    }

    /** Soft delete: the stream disappears now, its entries are purged in batches by the retention job. */
    boolean delete(UUID org, UUID id) {
        return jdbc.sql("UPDATE log_streams SET deleted_at = now() WHERE id = :id AND org_id = :org AND deleted_at IS NULL")
                .param("id", id).param("org", org).update() == 1;
    }

    private static String[] tags(List<String> tags) {
        return tags == null ? new String[0] : tags.stream().map(String::trim).map(Rows::clean).distinct().toArray(String[]::new);
    }

    static LogStream row(ResultSet rs, int n) throws SQLException {
        return new LogStream(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class), rs.getString("name"),
                rs.getString("description"), rs.getString("source"), rs.getString("level"),
                Arrays.asList((String[]) rs.getArray("tags").getArray()),
                (Integer) rs.getObject("retention_days"), rs.getString("created_by"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    record Created(LogStream stream, boolean isNew) {
    }
}
