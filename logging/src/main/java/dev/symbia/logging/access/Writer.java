package dev.symbia.logging.access;

import dev.symbia.auth.Caller;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who writes telemetry and the one org their writes land in: logging's write scope. The system org
 * for platform services, the request's org for users and agents (libs/auth's {@link Caller}). Request
 * bodies never choose the org. A handler declares a {@code Writer} parameter ({@link AccessResolver}).
 *
 * @param principalId the writer as {@link Caller#key()} ({@code user:<id>}, {@code agent:<public id>}), or
 *                    {@code service:<name>}: stamped as {@code created_by} on streams and metrics
 * @param orgId       where every row of this request lands
 * @param serviceName the platform service writing its own telemetry, else null
 */
public record Writer(String principalId, UUID orgId, @Nullable String serviceName) {

    /**
     * The write scope of libs/auth's principal. A user or agent writes in the org libs/auth resolved
     * ({@code X-Org-Id}, else the credential's default) or, having neither, in its only org.
     */
    static Writer of(SymbiaPrincipal principal) {
        if (principal.isService()) {
            // Platform telemetry belongs to the system org, whatever org the service is working for.
            return new Writer("service:" + principal.id(), Orgs.SYSTEM, principal.id());
        }
        Caller caller = Caller.of(principal.orgId() != null ? principal : principal.inOrg(onlyOrg(principal).toString()));
        return new Writer(caller.key(), Orgs.uuid(caller.orgId()), null);
    }

    private static UUID onlyOrg(SymbiaPrincipal principal) {
        Set<UUID> orgs = Orgs.memberOrgs(principal);
        if (orgs.isEmpty()) {
            throw ProblemException.forbidden("The principal belongs to no organisation to write to.");
        }
        if (orgs.size() > 1) {
            throw ProblemException.badRequest(
                    "Member of several organisations and none is the default: say which one with X-Org-Id.");
        }
        return orgs.iterator().next();
    }
}
