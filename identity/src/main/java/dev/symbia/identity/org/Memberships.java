package dev.symbia.identity.org;

import dev.symbia.auth.Roles;
import dev.symbia.web.problem.ProblemException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Role changes and removals, each in one transaction holding the org's membership lock, so two
 * admins demoting or removing each other at once cannot leave the org without an admin.
 */
@Service
class Memberships {

    private final OrgStore orgs;

    Memberships(OrgStore orgs) {
        this.orgs = orgs;
    }

    /** The member before and after the change. */
    record RoleChange(OrgStore.Member before, OrgStore.Member after) {
    }

    @Transactional
    RoleChange changeRole(UUID orgId, UUID memberId, String role) {
        orgs.lockMemberships(orgId);
        OrgStore.Member member = orgs.member(orgId, memberId).orElseThrow(() -> ProblemException.notFound("Member"));
        if (Roles.ADMIN.equals(member.role()) && !Roles.ADMIN.equals(role) && orgs.adminCount(orgId) <= 1) {
            throw ProblemException.conflict("The organization's last admin cannot be demoted.");
        }
        orgs.changeRole(orgId, memberId, role);
        return new RoleChange(member, orgs.member(orgId, memberId).orElseThrow());
    }

    @Transactional
    void remove(UUID orgId, UUID memberId) {
        orgs.lockMemberships(orgId);
        OrgStore.Member member = orgs.member(orgId, memberId).orElseThrow(() -> ProblemException.notFound("Member"));
        if (Roles.ADMIN.equals(member.role()) && orgs.adminCount(orgId) <= 1) {
            throw ProblemException.conflict("The organization's last admin cannot be removed.");
        }
        orgs.removeMember(orgId, memberId);
    }
}
