package dev.symbia.identity.vault;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The credentials table. Every query is bounded by org (tenant isolation). */
@Component
class CredentialStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CredentialStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record CredentialRow(UUID id, UUID orgId, UUID userId, String provider, String name, byte[] secretEnc,
            String credentialPrefix, boolean orgWide, Map<String, Object> metadata, OffsetDateTime lastUsedAt,
            OffsetDateTime createdAt) {
    }

    private static final String COLUMNS = "id, org_id, user_id, provider, name, secret_enc, credential_prefix, is_org_wide, "
            + "metadata, last_used_at, created_at";

    void insert(UUID id, UUID orgId, UUID userId, String provider, String name, byte[] secretEnc, String prefix,
            boolean orgWide, Map<String, Object> metadata) {
        jdbc.sql("""
                INSERT INTO credentials (id, org_id, user_id, provider, name, secret_enc, credential_prefix, is_org_wide, metadata)
                VALUES (:id, :org, :user, :provider, :name, :enc, :prefix, :orgWide, CAST(:meta AS jsonb))
                """)
                .param("id", id).param("org", orgId).param("user", userId).param("provider", provider)
                .param("name", name).param("enc", secretEnc).param("prefix", prefix).param("orgWide", orgWide)
                .param("meta", json.writeValueAsString(metadata)).update();
    }

    Optional<CredentialRow> find(UUID orgId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM credentials WHERE org_id = :org AND id = :id")
                .param("org", orgId).param("id", id).query(this::row).optional();
    }

    /** The caller's own credentials in the org, then the org-wide ones of others. */
    List<CredentialRow> visible(UUID orgId, UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM credentials WHERE org_id = :org AND (user_id = :user OR is_org_wide)
                ORDER BY created_at DESC, id
                """).param("org", orgId).param("user", userId).query(this::row).list();
    }

    /** The user's own key for the provider, in whichever org (a lookup that names no org). */
    Optional<CredentialRow> personal(UUID userId, String provider) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM credentials WHERE user_id = :user AND provider = :provider AND NOT is_org_wide
                ORDER BY created_at DESC, id LIMIT 1
                """).param("user", userId).param("provider", provider).query(this::row).optional();
    }

    /**
     * The key a call in {@code orgId} uses, in one query: the user's own for the provider, else the org-wide
     * one — and nothing unless the user is a member of the org.
     */
    Optional<CredentialRow> forCall(UUID userId, String provider, UUID orgId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM credentials c WHERE c.org_id = :org AND c.provider = :provider
                 AND (c.is_org_wide OR c.user_id = :user)
                 AND EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = :org AND m.user_id = :user)
                ORDER BY c.is_org_wide, c.created_at DESC, c.id LIMIT 1
                """).param("user", userId).param("provider", provider).param("org", orgId).query(this::row).optional();
    }

    Optional<CredentialRow> orgWide(UUID orgId, String provider) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM credentials WHERE org_id = :org AND provider = :provider AND is_org_wide
                ORDER BY created_at DESC, id LIMIT 1
                """).param("org", orgId).param("provider", provider).query(this::row).optional();
    }

    void delete(UUID orgId, UUID id) {
        jdbc.sql("DELETE FROM credentials WHERE org_id = :org AND id = :id").param("org", orgId).param("id", id).update();
    }

    void touch(UUID id) {
        jdbc.sql("UPDATE credentials SET last_used_at = now() WHERE id = :id").param("id", id).update();
    }

    private CredentialRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new CredentialRow(rs.getObject("id", UUID.class), rs.getObject("org_id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getString("provider"), rs.getString("name"),
                rs.getBytes("secret_enc"), rs.getString("credential_prefix"), rs.getBoolean("is_org_wide"),
                json.readValue(rs.getString("metadata"), new TypeReference<Map<String, Object>>() { }),
                rs.getObject("last_used_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class));
    }
}
