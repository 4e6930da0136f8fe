package dev.symbia.identity.org;

import dev.symbia.auth.Roles;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Organizations and memberships. Member rows carry the user's public fields only, never a hash. */
@Component
public class OrgStore {

    private final JdbcClient jdbc;

    OrgStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Org(UUID id, String name, String slug, OffsetDateTime createdAt) {
    }

    public record Member(UUID id, UUID userId, String email, String name, String role, OffsetDateTime createdAt) {
    }

    /** Creates an org with its creator as admin. A taken slug gets a numeric suffix when derived, 409 when chosen. */
    public Org create(String name, String requestedSlug, UUID creator) {
        boolean derived = requestedSlug == null || requestedSlug.isBlank();
        String base = derived ? slugify(name) : requestedSlug;
        for (int attempt = 0; attempt < 20; attempt++) {
            String slug = attempt == 0 ? base : base + "-" + (attempt + 1);
            UUID id = UUID.randomUUID();
            int inserted = jdbc.sql("""
                    INSERT INTO organizations (id, name, slug, created_by) VALUES (:id, :name, :slug, :creator)
                    ON CONFLICT (slug) DO NOTHING
                    """)
                    .param("id", id).param("name", name).param("slug", slug).param("creator", creator).update();
            if (inserted == 1) {
                addMember(id, creator, Roles.ADMIN);
                return find(id).orElseThrow();
            }
            if (!derived) {
                throw new DuplicateKeyException("slug taken");
            }
        }
        throw new DuplicateKeyException("no free slug for " + base);
    }

    public Optional<Org> find(UUID id) {
        return jdbc.sql("SELECT id, name, slug, created_at FROM organizations WHERE id = :id")
                .param("id", id).query(Org.class).optional();
    }

    public List<Org> forUser(UUID userId) {
        return jdbc.sql("""
                SELECT o.id, o.name, o.slug, o.created_at FROM organizations o
                JOIN memberships m ON m.org_id = o.id WHERE m.user_id = :user ORDER BY m.created_at, o.id
                """).param("user", userId).query(Org.class).list();
    }

    public Optional<String> roleOf(UUID orgId, UUID userId) {
        return jdbc.sql("SELECT role FROM memberships WHERE org_id = :org AND user_id = :user")
                .param("org", orgId).param("user", userId).query(String.class).optional();
    }

    public List<Member> members(UUID orgId) {
        return jdbc.sql("""
                SELECT m.id, m.user_id, u.email, u.name, m.role, m.created_at FROM memberships m
                JOIN users u ON u.id = m.user_id WHERE m.org_id = :org ORDER BY m.created_at, m.id
                """).param("org", orgId).query(Member.class).list();
    }

    public Optional<Member> member(UUID orgId, UUID membershipId) {
        return jdbc.sql("""
                SELECT m.id, m.user_id, u.email, u.name, m.role, m.created_at FROM memberships m
                JOIN users u ON u.id = m.user_id WHERE m.org_id = :org AND m.id = :id
                """).param("org", orgId).param("id", membershipId).query(Member.class).optional();
    }

    /** Adds a member; false when they already are one. */
    public boolean addMember(UUID orgId, UUID userId, String role) {
        return jdbc.sql("""
                INSERT INTO memberships (id, org_id, user_id, role) VALUES (:id, :org, :user, :role)
                ON CONFLICT (org_id, user_id) DO NOTHING
                """)
                .param("id", UUID.randomUUID()).param("org", orgId).param("user", userId).param("role", role)
                .update() == 1;
    }

    /** Locks the org's memberships, so last-admin checks and the change they guard cannot interleave. */
    void lockMemberships(UUID orgId) {
        jdbc.sql("SELECT id FROM memberships WHERE org_id = :org FOR UPDATE").param("org", orgId).query(UUID.class).list();
    }

    int adminCount(UUID orgId) {
        return jdbc.sql("SELECT count(*) FROM memberships WHERE org_id = :org AND role = 'admin'")
                .param("org", orgId).query(Integer.class).single();
    }

    void changeRole(UUID orgId, UUID membershipId, String role) {
        jdbc.sql("UPDATE memberships SET role = :role WHERE org_id = :org AND id = :id")
                .param("role", role).param("org", orgId).param("id", membershipId).update();
    }

    void removeMember(UUID orgId, UUID membershipId) {
        jdbc.sql("DELETE FROM memberships WHERE org_id = :org AND id = :id")
                .param("org", orgId).param("id", membershipId).update();
    }

    /** Lower case, non-alphanumerics to '-', trimmed; "org" when nothing is left. */
    static String slugify(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "org" : slug;
    }
}
