package dev.symbia.identity.user;

import dev.symbia.identity.token.UserSnapshot;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The users table. Emails are compared and stored lower-cased (unique regardless of case). */
@Component
public class UserStore {

    private final JdbcClient jdbc;

    UserStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record UserRow(UUID id, String email, String name, String passwordHash, boolean isSuperAdmin,
            String supabaseId, OffsetDateTime createdAt) {
    }

    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static final String COLUMNS = "id, email, name, password_hash, is_super_admin, supabase_id, created_at";

    public Optional<UserRow> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE lower(email) = :email")
                .param("email", normalizeEmail(email)).query(UserRow.class).optional();
    }

    public Optional<UserRow> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id").param("id", id).query(UserRow.class).optional();
    }

    public Optional<UserRow> findBySupabaseId(String supabaseId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE supabase_id = :sid")
                .param("sid", supabaseId).query(UserRow.class).optional();
    }

    public UserRow create(String email, String name, String passwordHash, boolean superAdmin) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO users (id, email, name, password_hash, is_super_admin)
                VALUES (:id, :email, :name, :hash, :sa)
                """)
                .param("id", id).param("email", normalizeEmail(email)).param("name", name)
                .param("hash", passwordHash).param("sa", superAdmin).update();
        return findById(id).orElseThrow();
    }

    public boolean anySuperAdmin() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM users WHERE is_super_admin)").query(Boolean.class).single();
    }

    public void setSuperAdmin(UUID id, boolean superAdmin) {
        jdbc.sql("UPDATE users SET is_super_admin = :sa, updated_at = now() WHERE id = :id")
                .param("sa", superAdmin).param("id", id).update();
    }

    public void updatePassword(UUID id, String passwordHash) {
        jdbc.sql("UPDATE users SET password_hash = :hash, updated_at = now() WHERE id = :id")
                .param("hash", passwordHash).param("id", id).update();
    }

    public void linkSupabase(UUID id, String supabaseId) {
        jdbc.sql("UPDATE users SET supabase_id = :sid, updated_at = now() WHERE id = :id")
                .param("sid", supabaseId).param("id", id).update();
    }

    /** Serializes first-user / first-admin decisions across replicas for the current transaction. */
    public void lockAccountCreation() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('identity.account-creation'))").query().singleRow();
    }

    /** The user with memberships (join order) and grants, as tokens and introspection describe them. */
    public Optional<UserSnapshot> snapshot(UUID id) {
        return findById(id).map(user -> {
            List<UserSnapshot.OrgRole> orgs = jdbc.sql("""
                    SELECT o.id, o.name, o.slug, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id
                    WHERE m.user_id = :user ORDER BY m.created_at, o.id
                    """).param("user", id)
                    .query((rs, n) -> new UserSnapshot.OrgRole(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getString(3), rs.getString(4)))
                    .list();
            List<String> grants = jdbc.sql("SELECT grant_key FROM user_grants WHERE user_id = :user ORDER BY grant_key")
                    .param("user", id).query(String.class).list();
            return new UserSnapshot(user.id(), user.email(), user.name(), user.isSuperAdmin(), orgs, grants);
        });
    }

    public List<String> grants(UUID id) {
        return jdbc.sql("SELECT grant_key FROM user_grants WHERE user_id = :user ORDER BY grant_key")
                .param("user", id).query(String.class).list();
    }

    public boolean addGrant(UUID id, String grant, UUID grantedBy) {
        return jdbc.sql("""
                INSERT INTO user_grants (user_id, grant_key, granted_by) VALUES (:user, :grant, :by)
                ON CONFLICT DO NOTHING
                """).param("user", id).param("grant", grant).param("by", grantedBy).update() == 1;
    }

    public boolean removeGrant(UUID id, String grant) {
        return jdbc.sql("DELETE FROM user_grants WHERE user_id = :user AND grant_key = :grant")
                .param("user", id).param("grant", grant).update() == 1;
    }
}
