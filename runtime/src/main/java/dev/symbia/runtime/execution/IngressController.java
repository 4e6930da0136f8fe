package dev.symbia.runtime.execution;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.runtime.config.RuntimeProperties.Enforcement;
import dev.symbia.runtime.graph.GraphService;
import dev.symbia.runtime.graph.LoadedGraph;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * External delivery to a graph by name through the ingress gate (§2.9): off → allow; super admin → allow; a
 * non-member of the owning org → 404 (the graph is invisible to other orgs; the reference answered 403); a declared
 * capability not held → 403. An array body is a batch, one inject per element.
 */
@RestController
class IngressController {

    private static final Logger log = LoggerFactory.getLogger(IngressController.class);

    private final GraphService graphs;
    private final ExecutionService executions;
    private final Enforcement enforcement;
    private final OwnerForwarder forwarder;
    private final JsonMapper json = JsonMapper.builder().build();

    IngressController(GraphService graphs, ExecutionService executions, RuntimeProperties properties, OwnerForwarder forwarder) {
        this.forwarder = forwarder;
        this.graphs = graphs;
        this.executions = executions;
        this.enforcement = properties.ingressEnforcement();
    }

    @Operation(summary = "Deliver a value (or an array: a batch) to the newest live execution of the named graph, through the ingress gate")
    @PostMapping("/api/ingress/{graphName}")
    ResponseEntity<?> deliver(SymbiaPrincipal principal, @PathVariable String graphName, @RequestBody JsonNode body,
                              HttpServletRequest http) {
        // Members see their orgs' graphs; with the gate off or in warn mode, any org's graph of that name is a target.
        List<LoadedGraph> candidates = graphs.byName(graphName, enforcement == Enforcement.STRICT ? principal : null);
        if (candidates.isEmpty()) {
            throw ProblemException.notFound("Ingress graph '" + graphName + "'");
        }
        LoadedGraph graph = candidates.getFirst();
        gate(graph, principal);
        Execution execution;
        try {
            execution = executions.newestLive(candidates)
                    .orElseThrow(() -> ProblemException.conflict("Graph '" + graphName + "' has no running execution"));
        } catch (ExecutionService.OwnedElsewhere elsewhere) {
            return forwarder.forward(http, json.writeValueAsBytes(body), elsewhere.url); // that replica runs it
        }
        LoadedGraph.PortRef ingress = graph.ingress();
        if (execution.graph.node(ingress.node()) == null) {
            throw ProblemException.conflict("Graph '" + graphName + "' declares ingress node '" + ingress.node() + "' that it lacks");
        }
        List<JsonNode> values = body.isArray() ? body.valueStream().toList() : List.of(body);
        Map<String, InjectResult.Output> outputs = Map.of();
        int hops = 0;
        int delivered = 0;
        int queued = 0;
        for (JsonNode value : values) {
            ExecutionService.Outcome outcome = executions.deliver(execution, ingress.node(), ingress.port(), value);
            delivered++;
            if (outcome.result() == null) {
                queued++;
                continue;
            }
            hops += outcome.result().hops();
            if (!outcome.result().outputs().isEmpty()) {
                outputs = outcome.result().outputs();
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("executionId", execution.id);
        answer.put("delivered", delivered);
        answer.put("queued", queued);
        answer.put("outputs", outputs);
        answer.put("hops", hops);
        return ResponseEntity.ok(answer);
    }

    private void gate(LoadedGraph graph, SymbiaPrincipal principal) {
        if (enforcement == Enforcement.OFF || principal.superAdmin()) {
            return;
        }
        String capability = graph.ingressCapability();
        String refusal = null;
        if (capability != null && !principal.inOrg(graph.orgId()).hasCapability(capability)) {
            refusal = "missing capability " + capability;
        } else if (!principal.isMemberOf(graph.orgId())) {
            refusal = "not a member of the owning org";
        }
        if (refusal == null) {
            return;
        }
        if (enforcement == Enforcement.WARN) {
            log.warn("Ingress '{}' would refuse {}: {} (warn mode: delivered)", graph.name(), principal.id(), refusal);
            return;
        }
        Map<String, Object> ingress = new LinkedHashMap<>();
        ingress.put("graph", graph.name());
        ingress.put("requiresCapability", capability);
        ingress.put("declaredIn", "metadata.ingress");
        throw new ProblemException(org.springframework.http.HttpStatus.FORBIDDEN, dev.symbia.core.ProblemTypes.FORBIDDEN,
                "Forbidden", "Delivery to ingress \"" + graph.name() + "\" refused: " + refusal, Map.of("ingress", ingress));
    }
}
