package dev.symbia.identity.org;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.agent.AgentStore;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/internal/orgs/{orgId}/principals/{principalId}}: whether a user (by id) or an agent (by its
 * public agent id) belongs to an org — for services that name principals of an org on a caller's word
 * (messaging's participants, issue 20 L1). Services only (symbia-auth's internal-callers); 404 for anything
 * that is not an active principal of that org, whether it exists elsewhere or nowhere.
 */
@RestController
class MembershipController {

    private final OrgStore orgs;
    private final AgentStore agents;

    MembershipController(OrgStore orgs, AgentStore agents) {
        this.orgs = orgs;
        this.agents = agents;
    }

    /** A principal of the org: a user with their role, or an active agent (role {@code agent}). */
    record Membership(String principalId, String principalType, String role) {
    }

    @Operation(summary = "Whether a user or agent belongs to an org (allowed services only)")
    @GetMapping("/api/internal/orgs/{orgId}/principals/{principalId}")
    Membership principal(SymbiaPrincipal caller, @PathVariable UUID orgId, @PathVariable String principalId) {
        if (!caller.isService()) {
            throw ProblemException.forbidden("Only services can look up memberships.");
        }
        Optional<UUID> userId = uuid(principalId);
        if (userId.isPresent()) {
            String role = orgs.roleOf(orgId, userId.get()).orElseThrow(() -> ProblemException.notFound("Member"));
            return new Membership(principalId, "user", role);
        }
        return agents.findInOrg(orgId, principalId)
                .filter(AgentStore.AgentRow::active)
                .map(agent -> new Membership(principalId, "agent", "agent"))
                .orElseThrow(() -> ProblemException.notFound("Member"));
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
