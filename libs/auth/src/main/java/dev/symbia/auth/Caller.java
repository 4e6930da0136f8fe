package dev.symbia.auth;

import dev.symbia.core.PlatformHeaders;
import dev.symbia.web.problem.ProblemException;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a request acts as, in which org: the one caller model every service resolves the same way.
 * <ul>
 *   <li>a user acts as themselves ({@code actorId} = user id);</li>
 *   <li>an agent acts under its public id ({@code assistant:coordinator}), stable across its credentials;</li>
 *   <li>a platform service acts for the user and org it names in {@link PlatformHeaders#ACTING_USER} and
 *       {@link PlatformHeaders#ORG} on {@code /api/internal/**}, and only when it is an allowed internal caller.</li>
 * </ul>
 * Declare a {@code Caller} controller parameter for public endpoints (users and agents; services get 403);
 * use {@link #actingFor} on internal ones. Code below the controller takes the {@code Caller}, never the
 * security context or headers.
 *
 * @param principal the authenticated principal (for a service acting for a user: the service)
 * @param actorId   the id the request acts under
 * @param actorType {@link PrincipalType#USER} or {@link PrincipalType#AGENT}
 * @param orgId     the org the request acts in; never null
 */
public record Caller(SymbiaPrincipal principal, String actorId, PrincipalType actorType, String orgId) {

    // Ids from headers are echoed into rows, logs and URLs: keep them short and boring.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(actorType, "actorType");
        Objects.requireNonNull(orgId, "orgId");
        if (actorType == PrincipalType.SERVICE) {
            throw new IllegalArgumentException("A service acts for a user or an agent, never as itself");
        }
    }

    /**
     * A user or agent calling a public endpoint, in the org libs/auth resolved for the request
     * ({@code X-Org-Id} when a member, else the credential's default). Services get 403 (they act for
     * users on internal endpoints); a principal without an org gets 400.
     */
    public static Caller of(SymbiaPrincipal principal) {
        if (principal.isService()) {
            throw ProblemException.forbidden("Services act for users on /api/internal/**, naming the user in "
                    + PlatformHeaders.ACTING_USER + ".");
        }
        String org = Authz.requireOrg(principal);
        if (principal.isAgent()) {
            String publicId = principal.agentId() != null && !principal.agentId().isBlank() ? principal.agentId() : principal.id();
            return new Caller(principal, publicId, PrincipalType.AGENT, org);
        }
        return new Caller(principal, principal.id(), PrincipalType.USER, org);
    }

    /**
     * A platform service calling an internal endpoint for a user: the service must be one of
     * {@code allowedServices} (else 403); the user and org ids must be present and well formed (else 400).
     * The service is trusted to have authorised that user.
     */
    public static Caller actingFor(SymbiaPrincipal service, Collection<String> allowedServices, String userId, String orgId) {
        if (!service.isService() || !allowedServices.contains(service.id())) {
            throw ProblemException.forbidden("Internal endpoints accept only service tokens of allowed callers.");
        }
        return new Caller(service, header(PlatformHeaders.ACTING_USER, userId), PrincipalType.USER,
                header(PlatformHeaders.ORG, orgId));
    }

    public boolean isAgent() {
        return actorType == PrincipalType.AGENT;
    }

    /** True when a platform service acts for the user. */
    public boolean viaService() {
        return principal.isService();
    }

    /** The actor as one string, e.g. {@code user:1b2c…} or {@code agent:assistant:coordinator}. */
    public String key() {
        return actorType.wire() + ":" + actorId;
    }

    /** The principal's capabilities decide (a service acting for a user holds its own). */
    public boolean hasCapability(String capability) {
        return principal.hasCapability(capability);
    }

    private static String header(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(name + " is required when acting for a user.");
        }
        String trimmed = value.trim();
        if (!SAFE_ID.matcher(trimmed).matches()) {
            throw ProblemException.badRequest(name + " is not a valid id.");
        }
        return trimmed;
    }
}
