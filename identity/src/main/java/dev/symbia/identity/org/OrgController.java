package dev.symbia.identity.org;

import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.Authz;
import dev.symbia.auth.Roles;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.user.UserStore;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Orgs and memberships. Reading needs membership (another org answers 404, never 403, so org ids
 * cannot be probed); managing members needs {@code cap:identity.manage-users} there (org admins);
 * the last admin can be neither demoted nor removed.
 */
@RestController
class OrgController {

    static final String MANAGE_USERS = "cap:identity.manage-users";

    private final OrgStore orgs;
    private final UserStore users;
    private final AuditLog audit;
    private final RequestBodies bodies;
    private final Memberships memberships;

    OrgController(OrgStore orgs, UserStore users, AuditLog audit, RequestBodies bodies, Memberships memberships) {
        this.memberships = memberships;
        this.orgs = orgs;
        this.users = users;
        this.audit = audit;
        this.bodies = bodies;
    }

    record CreateOrgRequest(@NotBlank @Size(max = 100) String name,
            @Pattern(regexp = "^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$") String slug) {
    }

    record InviteRequest(@NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = "admin|member|viewer") String role) {
    }

    record RoleRequest(@NotBlank @Pattern(regexp = "admin|member|viewer") String role) {
    }

    /** An org with the caller's role in it. */
    record OrgView(String id, String name, String slug, String role, OffsetDateTime createdAt) {
        static OrgView of(OrgStore.Org org, String role) {
            return new OrgView(org.id().toString(), org.name(), org.slug(), role, org.createdAt());
        }
    }

    /** A member: the user's public fields only, never a hash. */
    record MemberView(String id, String userId, String email, String name, String role, OffsetDateTime createdAt) {
        static MemberView of(OrgStore.Member member) {
            return new MemberView(member.id().toString(), member.userId().toString(), member.email(), member.name(),
                    member.role(), member.createdAt());
        }
    }

    record OrgList(List<OrgView> organizations) {
    }

    record OneOrg(OrgView organization) {
    }

    record OrgWithMembers(OrgView organization, List<MemberView> members) {
    }

    record OneMember(MemberView member) {
    }

    @Operation(summary = "Organizations the caller belongs to")
    @GetMapping("/api/orgs")
    OrgList list(SymbiaPrincipal principal) {
        requireUser(principal);
        List<OrgView> list = orgs.forUser(UUID.fromString(principal.id())).stream()
                .filter(org -> principal.method() == AuthMethod.ACCESS_TOKEN || principal.isMemberOf(org.id().toString()))
                .map(org -> OrgView.of(org, principal.roleIn(org.id().toString()))).toList();
        return new OrgList(list);
    }

    @Operation(summary = "Create an organization; the caller becomes its admin")
    @PostMapping("/api/orgs")
    @ResponseStatus(HttpStatus.CREATED)
    OneOrg create(SymbiaPrincipal principal, @RequestBody JsonNode body) {
        CreateOrgRequest request = bodies.read(body, CreateOrgRequest.class);
        requireUser(principal);
        if (principal.method() != AuthMethod.ACCESS_TOKEN) {
            throw ProblemException.forbidden("Organizations are created with a signed-in user's token.");
        }
        OrgStore.Org org;
        try {
            org = orgs.create(request.name().trim(), request.slug(), UUID.fromString(principal.id()));
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("The slug is taken.");
        }
        audit.record("org.created", Actor.of(principal), org.id(), "org", org.id().toString());
        return new OneOrg(OrgView.of(org, Roles.ADMIN));
    }

    @Operation(summary = "An organization with its members (members only)")
    @GetMapping("/api/orgs/{orgId}")
    OrgWithMembers get(SymbiaPrincipal principal, @PathVariable UUID orgId) {
        requireUser(principal);
        OrgStore.Org org = visible(principal, orgId);
        return new OrgWithMembers(OrgView.of(org, principal.roleIn(orgId.toString())),
                orgs.members(orgId).stream().map(MemberView::of).toList());
    }

    @Operation(summary = "Add an existing user to the organization (org admin)")
    @PostMapping("/api/orgs/{orgId}/members/invite")
    @ResponseStatus(HttpStatus.CREATED)
    OneMember invite(SymbiaPrincipal principal, @PathVariable UUID orgId, @RequestBody JsonNode body) {
        InviteRequest request = bodies.read(body, InviteRequest.class);
        manageable(principal, orgId);
        UserStore.UserRow user = users.findByEmail(request.email())
                .orElseThrow(() -> ProblemException.notFound("User"));
        if (!orgs.addMember(orgId, user.id(), request.role())) {
            throw ProblemException.conflict("The user is already a member.");
        }
        OrgStore.Member member = orgs.members(orgId).stream().filter(m -> m.userId().equals(user.id())).findFirst().orElseThrow();
        audit.record("member.invited", Actor.of(principal), orgId, "user", user.id().toString(), Map.of("role", request.role()));
        return new OneMember(MemberView.of(member));
    }

    @Operation(summary = "Change a member's role (org admin; never the last admin)")
    @PatchMapping("/api/orgs/{orgId}/members/{memberId}")
    OneMember changeRole(SymbiaPrincipal principal, @PathVariable UUID orgId, @PathVariable UUID memberId,
            @RequestBody JsonNode body) {
        RoleRequest request = bodies.read(body, RoleRequest.class);
        manageable(principal, orgId);
        Memberships.RoleChange change = memberships.changeRole(orgId, memberId, request.role());
        audit.record("member.role_updated", Actor.of(principal), orgId, "user", change.before().userId().toString(),
                Map.of("from", change.before().role(), "to", request.role()));
        return new OneMember(MemberView.of(change.after()));
    }

    @Operation(summary = "Remove a member (org admin, or the member leaving; never the last admin)")
    @DeleteMapping("/api/orgs/{orgId}/members/{memberId}")
    ResponseEntity<Void> remove(SymbiaPrincipal principal, @PathVariable UUID orgId, @PathVariable UUID memberId) {
        visible(principal, orgId);
        OrgStore.Member member = orgs.member(orgId, memberId).orElseThrow(() -> ProblemException.notFound("Member"));
        boolean self = principal.isUser() && member.userId().toString().equals(principal.id());
        if (!self) {
            manageable(principal, orgId);
        }
        memberships.remove(orgId, memberId);
        audit.record("member.removed", Actor.of(principal), orgId, "user", member.userId().toString());
        return ResponseEntity.noContent().build();
    }

    /** The org if the caller may see it; 404 otherwise (another org's resource). */
    private OrgStore.Org visible(SymbiaPrincipal principal, UUID orgId) {
        if (!principal.superAdmin() && !principal.isMemberOf(orgId.toString())) {
            throw ProblemException.notFound("Organization");
        }
        return orgs.find(orgId).orElseThrow(() -> ProblemException.notFound("Organization"));
    }

    private void manageable(SymbiaPrincipal principal, UUID orgId) {
        visible(principal, orgId);
        Authz.check(principal.inOrg(orgId.toString()), MANAGE_USERS);
    }

    private static void requireUser(SymbiaPrincipal principal) {
        if (!principal.isUser()) {
            throw ProblemException.forbidden("Only users belong to organizations.");
        }
    }
}
