package dev.symbia.identity.token;

import dev.symbia.auth.Roles;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything a user's token and introspection say about them, read in one place.
 *
 * @param orgs   memberships in join order; the first is the default org
 * @param grants explicit grants ({@code cap:…} / {@code role:…})
 */
public record UserSnapshot(UUID id, String email, String name, boolean superAdmin, List<OrgRole> orgs,
        List<String> grants) {

    public record OrgRole(UUID orgId, String name, String slug, String role) {
    }

    public UUID defaultOrg() {
        return orgs.isEmpty() ? null : orgs.getFirst().orgId();
    }

    public Map<String, String> orgRoles() {
        Map<String, String> roles = new LinkedHashMap<>();
        orgs.forEach(o -> roles.put(o.orgId().toString(), o.role()));
        return roles;
    }

    public String roleIn(UUID org) {
        return orgs.stream().filter(o -> o.orgId().equals(org)).map(OrgRole::role).findFirst().orElse(null);
    }

    /** Org-independent capabilities from explicit grants. */
    public Set<String> platformCaps() {
        return Roles.expandGrants(grants);
    }

    /** Effective capabilities in an org: explicit grants plus what the role there grants. */
    public Set<String> capsIn(UUID org) {
        Set<String> caps = new LinkedHashSet<>(platformCaps());
        caps.addAll(Roles.orgCapabilities(org == null ? null : roleIn(org)));
        return caps;
    }
}
