package dev.symbia.identity.audit;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.config.RequestOrg;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit}: an org's security events for holders of {@code cap:identity.audit} there
 * (org admins), newest first, paginated; super admins may pass {@code all=true} to see every event.
 */
@RestController
@Validated
class AuditController {

    static final String AUDIT = "cap:identity.audit";

    private final AuditQuery query;

    AuditController(AuditQuery query) {
        this.query = query;
    }

    record AuditPage(List<AuditQuery.AuditEvent> items, int limit, int offset, boolean hasMore) {
    }

    @Operation(summary = "Security events of an organization (org admins) or of the platform (super admins)")
    @GetMapping("/api/audit")
    AuditPage list(SymbiaPrincipal principal,
            @RequestParam(required = false) UUID orgId,
            @RequestParam(defaultValue = "false") boolean all,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String actorId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime since,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime until,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int offset) {
        UUID org = all ? null : orgId != null ? orgId : RequestOrg.of(principal).orElse(null);
        if (org == null) {
            if (!principal.superAdmin()) {
                throw ProblemException.badRequest("Name an organization (orgId or X-Org-Id).");
            }
        } else {
            if (!principal.superAdmin() && !principal.isMemberOf(org.toString())) {
                throw ProblemException.notFound("Organization");
            }
            Authz.check(principal.inOrg(org.toString()), AUDIT);
        }
        var page = query.find(org, action, actorId, since, until, limit + 1, offset);
        boolean hasMore = page.size() > limit;
        return new AuditPage(hasMore ? page.subList(0, limit) : page, limit, offset, hasMore);
    }
}
