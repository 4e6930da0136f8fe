package dev.symbia.logging.access;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** Organisation ids with a platform-wide meaning, and the principal's orgs as telemetry sees them. */
public final class Orgs {

    /** The system org: telemetry from the platform's own services lands here (SPEC §3, reference §4.5). */
    public static final UUID SYSTEM = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private Orgs() {
    }

    /** The orgs the principal belongs to; ids that are not UUIDs cannot own telemetry rows and are left out. */
    static Set<UUID> memberOrgs(SymbiaPrincipal principal) {
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

    /** An org id libs/auth resolved for the request, as telemetry rows store it: 400 when it is not a UUID. */
    static UUID uuid(String org) {
        try {
            return UUID.fromString(org);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest("The organisation id must be a UUID.");
        }
    }
}
