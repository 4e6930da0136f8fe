package dev.symbia.identity.apikey;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The api_keys table. The full key is never stored: only its HMAC and a display prefix. */
@Component
class ApiKeyStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ApiKeyStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record KeyRow(UUID id, UUID orgId, UUID createdBy, String name, String keyPrefix, List<String> scopes,
            OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt, UUID rotatedFrom,
            OffsetDateTime createdAt) {
    }

    private static final String COLUMNS = "id, org_id, created_by, name, key_prefix, scopes, expires_at, last_used_at, "
            + "revoked_at, rotated_from, created_at";

    void insert(UUID id, UUID orgId, UUID createdBy, String name, String keyHash, String keyPrefix, List<String> scopes,
            OffsetDateTime expiresAt, UUID rotatedFrom) {
        jdbc.sql("""
                INSERT INTO api_keys (id, org_id, created_by, name, key_hash, key_prefix, scopes, expires_at, rotated_from)
                VALUES (:id, :org, :by, :name, :hash, :prefix, CAST(:scopes AS jsonb), :expires, :from)
                """)
                .param("id", id).param("org", orgId).param("by", createdBy).param("name", name)
                .param("hash", keyHash).param("prefix", keyPrefix)
                .param("scopes", scopes == null ? null : json.writeValueAsString(scopes))
                .param("expires", expiresAt).param("from", rotatedFrom).update();
    }

    Optional<KeyRow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id").param("id", id).query(this::row).optional();
    }

    Optional<KeyRow> findByHash(String hash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash").param("hash", hash)
                .query(this::row).optional();
    }

    List<KeyRow> byCreator(UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE created_by = :user ORDER BY created_at DESC, id")
                .param("user", userId).query(this::row).list();
    }

    List<KeyRow> byOrg(UUID orgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE org_id = :org ORDER BY created_at DESC, id")
                .param("org", orgId).query(this::row).list();
    }

    void revoke(UUID id) {
        jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL").param("id", id).update();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM api_keys WHERE id = :id").param("id", id).update();
    }

    /** Records use, at most once a minute per key so busy keys do not write on every request. */
    void touch(UUID id) {
        jdbc.sql("""
                UPDATE api_keys SET last_used_at = now()
                WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
                """).param("id", id).update();
    }

    private KeyRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        String scopes = rs.getString("scopes");
        return new KeyRow(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                rs.getObject("created_by", UUID.class), rs.getString("name"), rs.getString("key_prefix"),
                scopes == null ? null : json.readValue(scopes, new TypeReference<List<String>>() { }),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class), rs.getObject("rotated_from", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
