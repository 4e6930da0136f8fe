package dev.symbia.auth;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, in the org the request is about. Inject it into a controller method as a
 * parameter, or read it with {@link Authz#current()}.
 *
 * @param type          user, agent or service
 * @param id            user id, agent row id, or service id
 * @param orgId         the request's org: {@code X-Org-Id} when allowed, else the credential's default (may be null)
 * @param orgs          org id → role for every org the principal belongs to
 * @param caps          effective capabilities in {@link #orgId}
 * @param superAdmin    passes every capability check and may act in any org
 * @param email         users only
 * @param name          display name (users and agents)
 * @param agentId       agents only: the agent's public id, e.g. {@code assistant:onboarding}
 * @param method        how the caller authenticated
 * @param credentialId  the access token's {@code jti} or the API key id
 * @param platformCaps  org-independent capabilities (users with a token only); the rest of {@link #caps}
 *                      comes from the role in {@link #orgId}. Null when caps are fixed (agents, keys, services).
 */
public record SymbiaPrincipal(
        PrincipalType type,
        String id,
        String orgId,
        Map<String, String> orgs,
        Set<String> caps,
        boolean superAdmin,
        String email,
        String name,
        String agentId,
        AuthMethod method,
        String credentialId,
        Set<String> platformCaps) {

    public SymbiaPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        orgs = orgs == null ? Map.of() : Map.copyOf(orgs);
        caps = caps == null ? Set.of() : Set.copyOf(caps);
        platformCaps = platformCaps == null ? null : Set.copyOf(platformCaps);
    }

    public boolean isUser() {
        return type == PrincipalType.USER;
    }

    public boolean isAgent() {
        return type == PrincipalType.AGENT;
    }

    public boolean isService() {
        return type == PrincipalType.SERVICE;
    }

    /** Super admins pass every check (SPEC §3). */
    public boolean hasCapability(String capability) {
        return superAdmin || caps.contains(capability);
    }

    /** The principal's role in an org, or null when it is not a member. */
    public String roleIn(String org) {
        return org == null ? null : orgs.get(org);
    }

    public boolean isMemberOf(String org) {
        return org != null && orgs.containsKey(org);
    }

    /** Org admin of the request org (or super admin). */
    public boolean isOrgAdmin() {
        return superAdmin || Roles.ADMIN.equals(roleIn(orgId));
    }

    /**
     * The same principal acting in another org. Capabilities are recomputed from the role there
     * when they depend on it; callers must check membership first ({@link #isMemberOf}).
     */
    public SymbiaPrincipal inOrg(String org) {
        Set<String> effective = caps;
        if (platformCaps != null) {
            Set<String> computed = new LinkedHashSet<>(platformCaps);
            computed.addAll(Roles.orgCapabilities(orgs.get(org)));
            effective = computed;
        }
        return new SymbiaPrincipal(type, id, org, orgs, effective, superAdmin, email, name, agentId, method,
                credentialId, platformCaps);
    }
}
