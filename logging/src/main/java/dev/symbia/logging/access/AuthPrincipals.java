package dev.symbia.logging.access;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.PlatformHeaders;
import dev.symbia.web.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Read and write contexts from libs/auth's principal. By the time a handler runs, the credential is
 * verified and {@code X-Org-Id} already checked (a non-member naming an org got 403 and never gets
 * here); the header itself is only looked at for whether one was sent, its value comes from the principal.
 */
final class AuthPrincipals implements PrincipalAdapter {

    /**
     * Reading the platform's own telemetry (the system org). Not {@code cap:telemetry.read}: every org
     * role grants that one inside its org, and it must not open the platform's logs to every member.
     */
    static final String GLOBAL_READ = "cap:telemetry.global-read";
    static final String ORG_HEADER = PlatformHeaders.ORG;

    @Override
    public Reader reader(HttpServletRequest request) {
        SymbiaPrincipal principal = Authz.principal();
        return new Reader(key(principal), memberOrgs(principal), principal.hasCapability(GLOBAL_READ),
                selectedOrg(request, principal));
    }

    @Override
    public Writer writer(HttpServletRequest request) {
        SymbiaPrincipal principal = Authz.principal();
        if (principal.isService()) {
            // Platform telemetry belongs to the system org, whatever org the service is working for.
            return new Writer(key(principal), Orgs.SYSTEM);
        }
        UUID selected = selectedOrg(request, principal);
        if (selected != null) {
            return new Writer(key(principal), selected);
        }
        if (principal.orgId() != null) {
            return new Writer(key(principal), uuid(principal.orgId())); // the credential's default org (SPEC §3)
        }
        Set<UUID> orgs = memberOrgs(principal);
        if (orgs.size() == 1) {
            return new Writer(key(principal), orgs.iterator().next());
        }
        if (orgs.isEmpty()) {
            throw ProblemException.forbidden("The principal belongs to no organisation to write to.");
        }
        throw ProblemException.badRequest("Member of several organisations and none is the default: say which one with X-Org-Id.");
    }

    /** {@code user:<id>}, {@code agent:<id>} or {@code service:<name>}: stamped on rows, parsed by {@link Writer#serviceName()}. */
    private static String key(SymbiaPrincipal principal) {
        return principal.type().wire() + ":" + principal.id();
    }

    /** The orgs the principal belongs to; ids that are not UUIDs cannot own telemetry rows and are left out. */
    private static Set<UUID> memberOrgs(SymbiaPrincipal principal) {
        Set<UUID> orgs = new LinkedHashSet<>();
        for (String org : principal.orgs().keySet()) {
            try {
                orgs.add(UUID.fromString(org));
            } catch (IllegalArgumentException e) {
                // not a telemetry org
            }
        }
        return orgs;
    }

    /** The org named by {@code X-Org-Id}, as libs/auth validated it into the principal; null without the header. */
    private static UUID selectedOrg(HttpServletRequest request, SymbiaPrincipal principal) {
        String header = request.getHeader(ORG_HEADER);
        if (header == null || header.isBlank()) {
            return null;
        }
        return uuid(principal.orgId());
    }

    private static UUID uuid(String org) {
        try {
            return UUID.fromString(org);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest("The organisation id must be a UUID.");
        }
    }
}
