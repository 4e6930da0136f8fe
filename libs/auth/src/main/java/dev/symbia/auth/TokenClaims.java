package dev.symbia.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims of a platform access token (SPEC §3). {@link #NAMES} lists the claim names; identity
 * mints tokens from this record and every service reads them back into it.
 *
 * @param platformCaps claim {@code pcaps}: a user's org-independent capabilities, so a service can
 *                     recompute {@code caps} for another org of the user; null for agents and services
 */
public record TokenClaims(
        String issuer,
        String subject,
        PrincipalType type,
        String email,
        String name,
        String agentId,
        String org,
        Map<String, String> orgs,
        Set<String> caps,
        Set<String> platformCaps,
        boolean superAdmin,
        Instant issuedAt,
        Instant expiresAt,
        String id) {

    public static final String TYP = "typ";
    public static final String EMAIL = "email";
    public static final String NAME = "name";
    public static final String AGENT_ID = "agentId";
    public static final String ORG = "org";
    public static final String ORGS = "orgs";
    public static final String CAPS = "caps";
    public static final String PLATFORM_CAPS = "pcaps";
    public static final String SUPER_ADMIN = "sa";
    public static final List<String> NAMES = List.of("iss", "sub", "iat", "exp", "jti", TYP, EMAIL, NAME, AGENT_ID,
            ORG, ORGS, CAPS, PLATFORM_CAPS, SUPER_ADMIN);

    public TokenClaims {
        orgs = orgs == null ? Map.of() : Map.copyOf(orgs);
        caps = caps == null ? Set.of() : Set.copyOf(caps);
        platformCaps = platformCaps == null ? null : Set.copyOf(platformCaps);
    }

    /** The principal these claims describe, in the token's default org. */
    public SymbiaPrincipal toPrincipal() {
        return new SymbiaPrincipal(type, subject, org, orgs, caps, superAdmin, email, name, agentId,
                AuthMethod.ACCESS_TOKEN, id, platformCaps);
    }
}
