package dev.symbia.catalog.access;

import dev.symbia.auth.PrincipalType;
import dev.symbia.auth.Roles;
import dev.symbia.auth.SymbiaPrincipal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code canPerformAction} in the reference's order (§1.5): super admin; org visibility needs {@code org:<id>}
 * to read; private needs a principal; a missing action denies; else any {@code anyOf} entry among the
 * principal's entitlements.
 *
 * <p>Entitlements are {@code public}, {@code authenticated}, and for every org the principal belongs to
 * {@code org:<id>}, {@code role:member:<id>} (admins and members) and {@code role:admin:<id>} (admins). Divergence
 * that keeps tenants apart: capabilities count only where they were granted. On an org's resource they are the
 * principal's capabilities <em>in that org</em> (plus {@code role:admin} for its admins), and none for a
 * non-member; on a platform-wide resource (no org) only org-independent grants count (a user's platform roles,
 * e.g. {@code role:developer} → {@code cap:registry.write}). Services registering the platform's own resources
 * (the runtime's component manifests) may write and publish platform-wide ones. So a member of org A holding
 * {@code cap:registry.write} there can never read org B's private resources — the reference's default policy
 * would have let them.
 *
 * <p>A platform service acting for an org ({@code X-Org-Id} on a service token, libs/core {@code PlatformHeaders};
 * the acting user in {@code X-Symbia-User-Id} is the service's to authorise, as on every internal call) reads
 * every resource of that org, whatever its policy: assistants and runtime run an org's private assistants and
 * graphs for it. Only read, and only that one org; anything else is judged as for any service.
 */
public final class Access {

    /** What platform services may do on platform-wide resources. */
    static final Set<String> SERVICE_PLATFORM_GRANTS = Set.of("cap:registry.write", "cap:registry.publish");

    /**
     * Services that list every org's published graphs: the runtime loads each one (issue 21, "published graphs
     * hydrated"), and only a listing can tell it which exist. It then resolves each as the graph's owner, so
     * single reads keep the owner's access; this widens lists, search and counts only, and only to published graphs.
     */
    static final Set<String> PUBLISHED_GRAPH_LISTERS = Set.of("runtime");

    private Access() {
    }

    /** True when the principal (null = anonymous) may perform the action on a resource of this org with this policy. */
    public static boolean can(SymbiaPrincipal principal, String resourceOrg, JsonNode policy, String action) {
        if (principal != null && principal.superAdmin()) {
            return true;
        }
        if ("read".equals(action) && readsWholeOrg(principal, resourceOrg)) {
            return true;
        }
        Set<String> entitlements = entitlements(principal, resourceOrg);
        String visibility = AccessPolicies.visibility(policy);
        if ("read".equals(action) && "org".equals(visibility) && resourceOrg != null
                && !entitlements.contains("org:" + resourceOrg)) {
            return false;
        }
        if ("private".equals(visibility) && principal == null) {
            return false;
        }
        List<String> anyOf = AccessPolicies.anyOf(policy, action);
        return anyOf.stream().anyMatch(entitlements::contains);
    }

    /** The principal's entitlements as they apply to a resource of {@code resourceOrg} (null = platform-wide). */
    public static Set<String> entitlements(SymbiaPrincipal principal, String resourceOrg) {
        Set<String> out = new LinkedHashSet<>(common(principal));
        if (principal == null) {
            return out;
        }
        if (resourceOrg == null) {
            out.addAll(platformCaps(principal));
        } else if (actsIn(principal, resourceOrg)) {
            out.addAll(principal.inOrg(resourceOrg).caps());
            if (principal.platformCaps() != null) {
                out.addAll(principal.platformCaps());
            }
            if (Roles.ADMIN.equals(principal.roleIn(resourceOrg))) {
                out.add("role:admin");
            }
        }
        return out;
    }

    /** Entitlements that do not depend on the resource's org. */
    static Set<String> common(SymbiaPrincipal principal) {
        Set<String> out = new LinkedHashSet<>();
        out.add("public");
        if (principal == null) {
            return out;
        }
        out.add("authenticated");
        principal.orgs().forEach((org, role) -> {
            out.add("org:" + org);
            if (Roles.ADMIN.equals(role) || Roles.MEMBER.equals(role)) {
                out.add("role:member:" + org);
            }
            if (Roles.ADMIN.equals(role)) {
                out.add("role:admin:" + org);
            }
        });
        // Agents and org API keys act in one org without a membership row: they belong to it.
        if (principal.orgId() != null && principal.orgs().isEmpty()) {
            out.add("org:" + principal.orgId());
        }
        return out;
    }

    /** Whether the principal's capabilities apply in this org (member, or an agent/key bound to it). */
    static boolean actsIn(SymbiaPrincipal principal, String org) {
        if (principal.isMemberOf(org)) {
            return true;
        }
        return principal.platformCaps() == null && org.equals(principal.orgId());
    }

    /** A service acting for this org (the one its {@code X-Org-Id} names) reads all of the org's resources. */
    static boolean readsWholeOrg(SymbiaPrincipal principal, String resourceOrg) {
        return principal != null && principal.isService() && resourceOrg != null && resourceOrg.equals(principal.orgId());
    }

    static Set<String> platformCaps(SymbiaPrincipal principal) {
        if (principal.type() == PrincipalType.SERVICE) {
            return SERVICE_PLATFORM_GRANTS;
        }
        return principal.platformCaps() == null ? Set.of() : principal.platformCaps();
    }

    /**
     * The read rule as a SQL condition over {@code r} (a resources row), so lists, search and counts filter inside
     * the query. Params are added to {@code params}. One clause per org the principal acts in, one for
     * platform-wide rows, one for every other org (public entitlements only).
     */
    public static String readFilter(SymbiaPrincipal principal, Map<String, Object> params) {
        if (principal != null && principal.superAdmin()) {
            return "TRUE";
        }
        Set<String> common = common(principal);
        String privateRule = principal == null ? " AND r.visibility <> 'private'" : "";
        if (principal == null) {
            params.put("ents_any", common.toArray(String[]::new));
            return "(r.read_any && CAST(:ents_any AS text[])" + privateRule + " AND (r.org_id IS NULL OR r.visibility <> 'org'))";
        }
        List<String> clauses = new ArrayList<>();
        Set<String> platform = new LinkedHashSet<>(common);
        platform.addAll(platformCaps(principal));
        params.put("ents_platform", platform.toArray(String[]::new));
        clauses.add("(r.org_id IS NULL AND r.read_any && CAST(:ents_platform AS text[]))");
        Map<String, Set<String>> orgs = new LinkedHashMap<>();
        principal.orgs().keySet().forEach(org -> orgs.put(org, entitlements(principal, org)));
        if (principal.orgId() != null && actsIn(principal, principal.orgId())) {
            orgs.putIfAbsent(principal.orgId(), entitlements(principal, principal.orgId()));
        }
        int i = 0;
        for (Map.Entry<String, Set<String>> org : orgs.entrySet()) {
            params.put("org_" + i, org.getKey());
            if (readsWholeOrg(principal, org.getKey())) {
                clauses.add("(r.org_id = :org_" + i + ")");
            } else {
                params.put("ents_" + i, org.getValue().toArray(String[]::new));
                clauses.add("(r.org_id = :org_" + i + " AND r.read_any && CAST(:ents_" + i + " AS text[]))");
            }
            i++;
        }
        if (principal.isService() && PUBLISHED_GRAPH_LISTERS.contains(principal.id())) {
            clauses.add("(r.org_id IS NOT NULL AND r.type = 'graph' AND r.status = 'published')");
        }
        params.put("ents_other", common.toArray(String[]::new));
        params.put("own_orgs", orgs.keySet().toArray(String[]::new));
        clauses.add("(r.org_id IS NOT NULL AND r.org_id <> ALL(CAST(:own_orgs AS text[])) AND r.visibility <> 'org'"
                + " AND r.read_any && CAST(:ents_other AS text[]))");
        return "(" + String.join(" OR ", clauses) + ")";
    }
}
