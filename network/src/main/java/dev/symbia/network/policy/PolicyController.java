package dev.symbia.network.policy;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.network.security.Capabilities;
import dev.symbia.relay.Boundary;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/policies}. */
@RestController
@RequestMapping("/api/policies")
class PolicyController {

    private final PolicyService policies;
    private final JsonMapper json;

    PolicyController(PolicyService policies, JsonMapper json) {
        this.policies = policies;
        this.json = json;
    }

    record PolicyList(List<PolicyView> policies, int count) {
    }

    record PolicySummary(UUID id, String name, int priority, boolean enabled) {
    }

    record TestResult(Map<String, Object> event, Map<String, Object> result, List<PolicySummary> allPolicies) {
    }

    @Operation(summary = "Create a policy")
    @PostMapping
    @RequiresCapability(Capabilities.POLICIES_WRITE)
    ResponseEntity<PolicyView> create(SymbiaPrincipal principal, @RequestBody JsonNode body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(PolicyView.of(policies.create(principal, body), json));
    }

    @Operation(summary = "List policies in evaluation order")
    @GetMapping
    @RequiresCapability(Capabilities.POLICIES_READ)
    PolicyList list() {
        List<PolicyView> views = policies.all().stream().map(p -> PolicyView.of(p, json)).toList();
        return new PolicyList(views, views.size());
    }

    @Operation(summary = "One policy")
    @GetMapping("/{id}")
    @RequiresCapability(Capabilities.POLICIES_READ)
    PolicyView get(@PathVariable UUID id) {
        return PolicyView.of(policies.find(id), json);
    }

    @Operation(summary = "Change a policy's fields")
    @PatchMapping("/{id}")
    @RequiresCapability(Capabilities.POLICIES_WRITE)
    PolicyView patch(SymbiaPrincipal principal, @PathVariable UUID id,
            @RequestBody JsonNode body) {
        return PolicyView.of(policies.patch(principal, id, body), json);
    }

    @Operation(summary = "Delete a policy")
    @DeleteMapping("/{id}")
    @RequiresCapability(Capabilities.POLICIES_WRITE)
    ResponseEntity<Void> delete(SymbiaPrincipal principal, @PathVariable UUID id) {
        policies.delete(principal, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Which policy would act on an event: {type, source, target?, boundary?, runId?}")
    @PostMapping("/test")
    @RequiresCapability(Capabilities.POLICIES_READ)
    TestResult test(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("A mock event object is required.");
        }
        String type = PolicyJson.text(body, "type") != null ? PolicyJson.text(body, "type") : PolicyJson.text(body, "eventType");
        String source = PolicyJson.text(body, "source");
        if (type == null || source == null) {
            throw ProblemException.badRequest("type and source are required.");
        }
        String boundaryText = PolicyJson.text(body, "boundary");
        Boundary boundary = boundaryText == null ? Boundary.INTRA
                : Boundary.parse(boundaryText).orElseThrow(() -> ProblemException.badRequest("boundary must be intra, inter or extra."));
        PolicyEngine.Facts facts = new PolicyEngine.Facts(source, PolicyJson.text(body, "target"), type, boundary,
                PolicyJson.text(body, "runId"));
        List<Policy> all = policies.all();
        var match = PolicyEngine.firstMatch(all.stream().filter(Policy::enabled).toList(), facts);
        Map<String, Object> result = match
                .<Map<String, Object>>map(p -> Map.of("policyId", p.id(), "policyName", p.name(), "action", PolicyJson.write(p.action(), json)))
                .orElseGet(() -> Map.of("action", Map.of("type", "allow"), "implicit", true));
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("type", type);
        event.put("source", source);
        event.put("target", facts.target());
        event.put("boundary", boundary.wire());
        event.put("runId", facts.runId());
        return new TestResult(event, result,
                all.stream().map(p -> new PolicySummary(p.id(), p.name(), p.priority(), p.enabled())).toList());
    }
}
