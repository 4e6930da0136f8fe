package dev.symbia.models.policy;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.models.Access;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The caller's org's model policy: members read it, org admins set it. {@code allowedModels: null} lifts the
 * restriction; a list (possibly empty) restricts the org to those ids. Ids need not exist yet (a model the admin
 * allows may be added to the directory later).
 */
@RestController
class PolicyController {

    private final OrgModelPolicy policy;
    private final RequestBodies bodies;

    PolicyController(OrgModelPolicy policy, RequestBodies bodies) {
        this.policy = policy;
        this.bodies = bodies;
    }

    record PolicyRequest(@Size(max = 500) List<String> allowedModels) {
    }

    private static final java.util.regex.Pattern MODEL_ID = java.util.regex.Pattern.compile("[a-z0-9-]{1,200}");

    @Operation(summary = "Which local models the caller's org may use")
    @GetMapping({"/api/models/policy", "/api/policy"})
    Map<String, Object> get(SymbiaPrincipal principal) {
        Access.require(principal, Access.READ);
        String org = Authz.requireOrg(principal);
        return view(org);
    }

    @Operation(summary = "Restrict (or, with allowedModels null, stop restricting) the org's local models")
    @PutMapping(path = {"/api/models/policy", "/api/policy"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = PolicyRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal) {
        String org = Authz.requireOrg(principal);
        if (!principal.isOrgAdmin()) {
            throw ProblemException.forbidden("Only an admin of the organization may set its model policy.");
        }
        PolicyRequest request = bodies.read(body, PolicyRequest.class);
        if (!body.has("allowedModels")) {
            throw RequestBodies.invalidField("allowedModels", "is required (null lifts the restriction)");
        }
        if (request.allowedModels() != null) {
            for (int i = 0; i < request.allowedModels().size(); i++) {
                String id = request.allowedModels().get(i);
                if (id == null || !MODEL_ID.matcher(id).matches()) {
                    throw RequestBodies.invalidField("allowedModels[" + i + "]", "must be a model id ([a-z0-9-])");
                }
            }
        }
        if (request.allowedModels() == null) {
            policy.lift(org);
        } else {
            policy.restrict(org, request.allowedModels().stream().distinct().toList(), principal.id());
        }
        return view(org);
    }

    private Map<String, Object> view(String org) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("orgId", org);
        List<String> allowed = policy.allowed(org).orElse(null);
        out.put("restricted", allowed != null);
        out.put("allowedModels", allowed);
        return out;
    }
}
