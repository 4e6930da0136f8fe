package dev.symbia.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each org role and platform role grants. One table shared by identity (which puts effective
 * capabilities into tokens) and by every service (which recomputes them when {@code X-Org-Id}
 * selects another org than the token's default), so the two can never disagree.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String VIEWER = "viewer";
    public static final List<String> ORG_ROLES = List.of(ADMIN, MEMBER, VIEWER);

    private static final Set<String> VIEWER_CAPS = Set.of(
            "cap:identity.read", "cap:catalog.read", "cap:registry.read", "cap:messaging.read",
            "cap:telemetry.read", "cap:integrations.read", "cap:network.read");

    private static final Set<String> MEMBER_CAPS = union(VIEWER_CAPS, Set.of(
            "cap:catalog.write", "cap:registry.write", "cap:messaging.write", "cap:messaging.interrupt",
            "cap:assistants.execute", "cap:runtime.execute", "cap:telemetry.write", "cap:telemetry.ingest",
            "cap:integrations.execute", "cap:network.write"));

    private static final Set<String> ADMIN_CAPS = union(MEMBER_CAPS, Set.of(
            "cap:identity.manage-users", "cap:identity.manage-orgs", "cap:identity.audit",
            "cap:catalog.publish", "cap:catalog.admin", "cap:registry.publish",
            "cap:messaging.route", "cap:messaging.admin", "cap:assistants.manage", "cap:assistants.admin",
            "cap:runtime.manage", "cap:runtime.admin", "cap:telemetry.admin",
            "cap:integrations.configure", "cap:integrations.admin", "cap:integrations.deploy", "cap:network.admin",
            "cap:agents.manage", "cap:apikeys.manage", "cap:credentials.manage"));

    /** Platform roles, granted to a user explicitly (never by org membership). */
    private static final Map<String, Set<String>> PLATFORM_ROLES = Map.of(
            "role:publisher", Set.of("cap:catalog.publish", "cap:registry.publish"),
            "role:developer", Set.of("cap:catalog.write", "cap:registry.write", "cap:runtime.execute"),
            "role:operator", Set.of("cap:telemetry.read", "cap:telemetry.global-read", "cap:runtime.manage"),
            "role:reviewer", Set.of("cap:registry.certify", "cap:catalog.read"),
            "role:viewer", Set.of("cap:catalog.read", "cap:telemetry.read"));

    private Roles() {
    }

    public static boolean isOrgRole(String role) {
        return role != null && ORG_ROLES.contains(role);
    }

    /** Capabilities an org role grants inside its org; none for an unknown or missing role. */
    public static Set<String> orgCapabilities(String role) {
        if (role == null) {
            return Set.of();
        }
        return switch (role) {
            case ADMIN -> ADMIN_CAPS;
            case MEMBER -> MEMBER_CAPS;
            case VIEWER -> VIEWER_CAPS;
            default -> Set.of();
        };
    }

    public static boolean isPlatformRole(String grant) {
        return PLATFORM_ROLES.containsKey(grant);
    }

    /**
     * Expands explicit grants ({@code cap:…} kept as is, {@code role:…} replaced by what the role
     * grants) into capabilities. Unknown roles grant nothing.
     */
    public static Set<String> expandGrants(Iterable<String> grants) {
        Set<String> caps = new LinkedHashSet<>();
        for (String grant : grants) {
            if (grant.startsWith("cap:")) {
                caps.add(grant);
            } else {
                caps.addAll(PLATFORM_ROLES.getOrDefault(grant, Set.of()));
            }
        }
        return caps;
    }

    /** Whether a string is a well-formed capability: {@code cap:<area>.<action>}. */
    public static boolean isCapability(String value) {
        return value != null && value.matches("cap:[a-z][a-z0-9-]*\\.[a-z][a-z0-9.-]*");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
