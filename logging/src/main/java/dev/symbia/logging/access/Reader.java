package dev.symbia.logging.access;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who reads telemetry and which organisations' rows they may see: logging's read scope. Every query
 * filters by {@link #scope(UUID)}; nothing reads across orgs without going through it. A handler
 * declares a {@code Reader} parameter ({@link AccessResolver}).
 *
 * @param memberOrgs   the orgs the principal belongs to
 * @param readsSystem  whether the platform's own telemetry (the system org) is visible: super admins
 *                     and holders of {@code cap:telemetry.global-read}
 * @param selectedOrg  the org the request is about ({@code X-Org-Id}), or null: narrows reads to it
 */
public record Reader(Set<UUID> memberOrgs, boolean readsSystem, @Nullable UUID selectedOrg) {

    /**
     * Reading the platform's own telemetry (the system org). Not {@code cap:telemetry.read}: every org
     * role grants that one inside its org, and it must not open the platform's logs to every member.
     */
    static final String GLOBAL_READ = "cap:telemetry.global-read";

    public Reader {
        memberOrgs = Set.copyOf(memberOrgs);
    }

    /**
     * The read scope of libs/auth's principal. By now the credential is verified and an {@code X-Org-Id}
     * the principal may not use was refused (403); {@code orgSelected} says whether one was sent, the org
     * itself is the principal's request org.
     */
    static Reader of(SymbiaPrincipal principal, boolean orgSelected) {
        return new Reader(Orgs.memberOrgs(principal), principal.hasCapability(GLOBAL_READ),
                orgSelected ? Orgs.uuid(principal.orgId()) : null);
    }

    /** Every org this reader may see. */
    public Set<UUID> readableOrgs() {
        Set<UUID> orgs = new LinkedHashSet<>(memberOrgs);
        if (readsSystem) {
            orgs.add(Orgs.SYSTEM);
        }
        return orgs;
    }

    public boolean canRead(@Nullable UUID org) {
        return org != null && (memberOrgs.contains(org) || (readsSystem && Orgs.SYSTEM.equals(org)));
    }

    /**
     * The orgs a query may touch: the selected org (header), further narrowed by an org the query asks
     * for; 403 when either is not readable. Never empty.
     */
    public List<UUID> scope(@Nullable UUID requested) {
        UUID narrowed = requested != null ? requested : selectedOrg;
        if (requested != null && selectedOrg != null && !requested.equals(selectedOrg)) {
            throw ProblemException.forbidden("The requested org differs from the selected org (X-Org-Id).");
        }
        if (narrowed != null) {
            if (!canRead(narrowed)) {
                throw ProblemException.forbidden("No read access to that organisation's telemetry.");
            }
            return List.of(narrowed);
        }
        Set<UUID> all = readableOrgs();
        if (all.isEmpty()) {
            throw ProblemException.forbidden("The principal belongs to no organisation.");
        }
        return List.copyOf(all);
    }

    /** The scope as a SQL array parameter for {@code org_id = ANY(?)}. */
    public UUID[] scopeArray(@Nullable UUID requested) {
        return scope(requested).toArray(UUID[]::new);
    }
}
