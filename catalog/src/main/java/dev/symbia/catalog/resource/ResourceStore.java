package dev.symbia.catalog.resource;

import dev.symbia.catalog.access.AccessPolicies;
import java.sql.Array;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.util.RawValue;

/** SQL over {@code resources} and {@code resource_versions}. Read filters come from {@code Access.readFilter}. */
@Component
public class ResourceStore {

    static final String COLUMNS = "r.id, r.key, r.name, r.description, r.type, r.status, r.is_bootstrap, r.tags, r.org_id,"
            + " r.owner_id, r.access_policy, r.metadata, r.current_version, r.created_at, r.updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Resource> resources;
    private final RowMapper<Resource> listed;
    private final RowMapper<ResourceVersion> versions;

    ResourceStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.resources = (rs, n) -> new Resource(rs.getObject("id", UUID.class), rs.getString("key"), rs.getString("name"),
                rs.getString("description"), rs.getString("type"), rs.getString("status"), rs.getBoolean("is_bootstrap"),
                strings(rs.getArray("tags")), rs.getString("org_id"), rs.getString("owner_id"),
                tree(rs.getString("access_policy")), tree(rs.getString("metadata")), rs.getInt("current_version"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
        // Pages of lists and search only go out as JSON: their policy and metadata are passed through as the raw
        // jsonb text instead of being parsed into trees and written again (graph definitions can be large).
        this.listed = (rs, n) -> new Resource(rs.getObject("id", UUID.class), rs.getString("key"), rs.getString("name"),
                rs.getString("description"), rs.getString("type"), rs.getString("status"), rs.getBoolean("is_bootstrap"),
                strings(rs.getArray("tags")), rs.getString("org_id"), rs.getString("owner_id"),
                raw(rs.getString("access_policy")), raw(rs.getString("metadata")), rs.getInt("current_version"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
        this.versions = (rs, n) -> new ResourceVersion(rs.getObject("id", UUID.class), rs.getObject("resource_id", UUID.class),
                rs.getString("key"), rs.getInt("version"), rs.getString("semver"), tree(rs.getString("content")),
                rs.getString("changelog"), rs.getString("created_by"), rs.getObject("published_at", OffsetDateTime.class));
    }

    /** Everything a resource row holds that callers set. */
    public record Row(String key, String name, String description, String type, String status, boolean isBootstrap,
            List<String> tags, String orgId, String ownerId, JsonNode accessPolicy, JsonNode metadata) {
    }

    /** Inserts a resource; a taken key throws {@code DuplicateKeyException}. */
    public Resource insert(UUID id, Row row, String sourceDigest) {
        return jdbc.sql("""
                INSERT INTO resources AS r (id, key, name, description, type, status, is_bootstrap, tags, org_id, owner_id,
                    access_policy, visibility, read_any, metadata, source_digest)
                VALUES (:id, :key, :name, :description, :type, :status, :bootstrap, CAST(:tags AS text[]), :org, :owner,
                    CAST(:policy AS jsonb), :visibility, CAST(:readAny AS text[]), CAST(:metadata AS jsonb), :digest)
                RETURNING\s""" + COLUMNS)
                .params(params(row)).param("id", id).param("digest", sourceDigest)
                .query(resources).single();
    }

    /** Rewrites a resource's editable fields (the working copy; published versions are separate rows). */
    public Resource update(UUID id, Row row) {
        return jdbc.sql("""
                UPDATE resources r SET key = :key, name = :name, description = :description, type = :type, status = :status,
                    is_bootstrap = :bootstrap, tags = CAST(:tags AS text[]), access_policy = CAST(:policy AS jsonb),
                    visibility = :visibility, read_any = CAST(:readAny AS text[]), metadata = CAST(:metadata AS jsonb),
                    updated_at = clock_timestamp()
                WHERE id = :id RETURNING\s""" + COLUMNS)
                .params(params(row)).param("id", id)
                .query(resources).single();
    }

    public Optional<Resource> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM resources r WHERE r.id = :id").param("id", id).query(resources).optional();
    }

    /** The row locked until the transaction ends (publish numbers versions under it). */
    public Optional<Resource> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM resources r WHERE r.id = :id FOR UPDATE").param("id", id)
                .query(resources).optional();
    }

    public Optional<Resource> findByKey(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM resources r WHERE r.key = :key").param("key", key).query(resources).optional();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM resources WHERE id = :id").param("id", id).update() == 1;
    }

    /** Filters of a list; null means no filter. */
    public record Filter(String type, String status, String tag, String orgId, Boolean isBootstrap) {
    }

    /**
     * A page ordered by {@code updated_at} desc then id desc, after the cursor position when there is one; asks
     * for {@code limit + 1} rows so the caller knows whether there is a next page. Output only: policy and metadata
     * are raw JSON nodes (serialised as they are, not navigable).
     */
    public List<Resource> list(Filter filter, String readFilter, Map<String, Object> readParams, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM resources r WHERE ").append(readFilter);
        Map<String, Object> params = new LinkedHashMap<>(readParams);
        where(filter, sql, params);
        if (after != null) {
            sql.append(" AND (r.updated_at, r.id) < (:afterTime, :afterId)");
            params.put("afterTime", after.updatedAt());
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY r.updated_at DESC, r.id DESC LIMIT :limit");
        params.put("limit", limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(listed).list();
    }

    /**
     * Full-text search ranked by {@code ts_rank} over name, key words, description and tags (one query: the english
     * stems OR the words as typed, so key segments that are not English still match), plus a prefix match on the key
     * (ranked first). Read access is part of the WHERE clause, so a page is never emptied afterwards. Output only,
     * like {@link #list}.
     */
    public List<Resource> search(String query, Filter filter, String readFilter, Map<String, Object> readParams, int limit) {
        Map<String, Object> params = new LinkedHashMap<>(readParams);
        params.put("q", query);
        params.put("prefix", likeEscape(query.trim()) + "%");
        params.put("limit", limit);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + """
                 FROM resources r, (SELECT websearch_to_tsquery('english', :q) || websearch_to_tsquery('simple', :q) AS q) s
                WHERE (r.search_vector @@ s.q OR r.key LIKE :prefix) AND\s""").append(readFilter);
        where(filter, sql, params);
        sql.append("""
                 ORDER BY (CASE WHEN r.key LIKE :prefix THEN 1 ELSE 0 END) DESC,
                    ts_rank(r.search_vector, s.q) DESC, r.updated_at DESC, r.id DESC
                LIMIT :limit""");
        return jdbc.sql(sql.toString()).params(params).query(listed).list();
    }

    /** Counts over the rows the caller may read. */
    public Map<String, Long> stats(String readFilter, Map<String, Object> readParams) {
        return jdbc.sql("""
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE r.status = 'published') AS published,
                       count(*) FILTER (WHERE r.is_bootstrap) AS bootstrap,
                       count(*) FILTER (WHERE r.type = 'assistant') AS assistants,
                       count(*) FILTER (WHERE r.type = 'context') AS contexts,
                       count(*) FILTER (WHERE r.type = 'integration') AS integrations,
                       count(*) FILTER (WHERE r.type = 'graph') AS graphs,
                       count(*) FILTER (WHERE r.type = 'component') AS components,
                       count(*) FILTER (WHERE r.type = 'app') AS apps,
                       (SELECT count(*) FROM resource_versions v JOIN resources r ON r.id = v.resource_id WHERE\s""" + readFilter + """
                       ) AS versions
                FROM resources r WHERE\s""" + readFilter)
                .params(readParams)
                .query((rs, n) -> {
                    Map<String, Long> out = new LinkedHashMap<>();
                    for (String column : List.of("total", "published", "bootstrap", "assistants", "contexts", "integrations",
                            "graphs", "components", "apps", "versions")) {
                        out.put(column, rs.getLong(column));
                    }
                    return out;
                }).single();
    }

    // ---- versions ----

    public ResourceVersion insertVersion(UUID resourceId, int version, JsonNode content, String semver, String changelog,
            String createdBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO resource_versions (id, resource_id, version, content, semver, changelog, created_by, published_at)
                VALUES (:id, :resource, :version, CAST(:content AS jsonb), :semver, :changelog, :createdBy, clock_timestamp())
                """)
                .param("id", id).param("resource", resourceId).param("version", version).param("content", write(content))
                .param("semver", semver).param("changelog", changelog).param("createdBy", createdBy).update();
        jdbc.sql("""
                UPDATE resources SET current_version = :version, status = 'published', updated_at = clock_timestamp()
                WHERE id = :resource
                """).param("version", version).param("resource", resourceId).update();
        return version(resourceId, version).orElseThrow();
    }

    public List<ResourceVersion> versions(UUID resourceId) {
        return jdbc.sql("""
                SELECT v.*, r.key FROM resource_versions v JOIN resources r ON r.id = v.resource_id
                WHERE v.resource_id = :resource ORDER BY v.version DESC
                """).param("resource", resourceId).query(versions).list();
    }

    public Optional<ResourceVersion> version(UUID resourceId, int version) {
        return jdbc.sql("""
                SELECT v.*, r.key FROM resource_versions v JOIN resources r ON r.id = v.resource_id
                WHERE v.resource_id = :resource AND v.version = :version
                """).param("resource", resourceId).param("version", version).query(versions).optional();
    }

    // ---- bootstrap ----

    public Optional<String> sourceDigest(String key) {
        return jdbc.sql("SELECT coalesce(source_digest, '') FROM resources WHERE key = :key AND is_bootstrap")
                .param("key", key).query(String.class).optional();
    }

    public void setSourceDigest(UUID id, String digest) {
        jdbc.sql("UPDATE resources SET source_digest = :digest WHERE id = :id").param("digest", digest).param("id", id).update();
    }

    /** Published bootstrap resources anyone may read (the reference's {@code GET /api/bootstrap}). */
    public List<Resource> publicBootstrap() {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM resources r WHERE r.is_bootstrap AND r.status = 'published' AND 'public' = ANY(r.read_any)
                ORDER BY r.type, r.key
                """).query(resources).list();
    }

    // ---- helpers ----

    private void where(Filter filter, StringBuilder sql, Map<String, Object> params) {
        if (filter == null) {
            return;
        }
        if (filter.type() != null) {
            sql.append(" AND r.type = :type");
            params.put("type", filter.type());
        }
        if (filter.status() != null) {
            sql.append(" AND r.status = :status");
            params.put("status", filter.status());
        }
        if (filter.tag() != null) {
            sql.append(" AND r.tags @> CAST(:tag AS text[])");
            params.put("tag", new String[] {filter.tag()});
        }
        if (filter.orgId() != null) {
            sql.append(" AND r.org_id = :filterOrg");
            params.put("filterOrg", filter.orgId());
        }
        if (filter.isBootstrap() != null) {
            sql.append(" AND r.is_bootstrap = :filterBootstrap");
            params.put("filterBootstrap", filter.isBootstrap());
        }
    }

    private Map<String, Object> params(Row row) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("key", row.key());
        params.put("name", row.name());
        params.put("description", row.description());
        params.put("type", row.type());
        params.put("status", row.status());
        params.put("bootstrap", row.isBootstrap());
        params.put("tags", row.tags().toArray(String[]::new));
        params.put("org", row.orgId());
        params.put("owner", row.ownerId());
        params.put("policy", write(row.accessPolicy()));
        params.put("visibility", AccessPolicies.visibility(row.accessPolicy()));
        params.put("readAny", AccessPolicies.anyOf(row.accessPolicy(), "read").toArray(String[]::new));
        params.put("metadata", write(row.metadata()));
        return params;
    }

    static String likeEscape(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private String write(JsonNode node) {
        return json.writeValueAsString(node);
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static JsonNode raw(String text) {
        return text == null ? null : JsonNodeFactory.instance.rawValueNode(new RawValue(text));
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    }
}
