package dev.symbia.assistants.definition;

import dev.symbia.assistants.agent.AssistantAgents;
import dev.symbia.assistants.conversation.RunStore;
import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The roster (reference §3.1), authenticated and scoped to the caller's org unlike the reference: an org sees
 * the platform's assistants and its own; another org's assistant is a 404.
 */
@RestController
class AssistantController {

    private static final Pattern KEY = Pattern.compile("@?[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final AssistantDirectory directory;
    private final RunStore runs;
    private final AssistantAgents agents;

    AssistantController(AssistantDirectory directory, RunStore runs, AssistantAgents agents) {
        this.directory = directory;
        this.runs = runs;
        this.agents = agents;
    }

    /**
     * The assistant as a principal of the caller's org: its identity agent (provisioned now if it never acted
     * here), what it declares, what an admin granted, and what is missing — granted through identity's agent API.
     */
    record AgentView(String key, String agentId, String agentRowId, List<String> declared, List<String> granted,
            List<String> missing, String grantWith) {
    }

    @Operation(summary = "The assistant's agent in the caller's org: declared vs granted capabilities (org admins: cap:assistants.manage)")
    @GetMapping("/api/assistants/{key}/agent")
    @RequiresCapability("cap:assistants.manage")
    AgentView agent(SymbiaPrincipal principal, @PathVariable String key) {
        AssistantDefinition d = find(principal, key);
        AssistantAgents.Agent agent;
        try {
            agent = agents.fresh(org(principal), d.key()); // the admin sees identity's current grants
        } catch (AssistantAgents.Unavailable e) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                    "Assistant agent unavailable", "The assistant's agent cannot be read now: " + e.getMessage() + ".");
        }
        List<String> granted = agent.granted().stream().sorted().toList();
        return new AgentView(d.key(), agent.agentId(), agent.id(), d.capabilities(), granted,
                d.capabilities().stream().filter(c -> !agent.granted().contains(c)).toList(),
                "PUT /api/identity/agents/" + agent.id() + "/capabilities");
    }

    @Operation(summary = "The assistants of the caller's org (platform-wide ones included)")
    @GetMapping("/api/assistants")
    Map<String, List<AssistantView>> list(SymbiaPrincipal principal) {
        return Map.of("assistants", directory.roster(org(principal)).stream().map(AssistantView::of).toList());
    }

    @Operation(summary = "Assistants that can be @mentioned (those with an alias)")
    @GetMapping("/api/assistants/mentionable")
    Map<String, List<Map<String, String>>> mentionable(SymbiaPrincipal principal) {
        return Map.of("mentionable", directory.roster(org(principal)).stream().filter(d -> d.alias() != null)
                .map(d -> Map.of("alias", d.alias(), "name", d.name(), "principalId", d.principalId(), "key", d.key()))
                .toList());
    }

    @Operation(summary = "One assistant by key or alias")
    @GetMapping("/api/assistants/{key}")
    AssistantView one(SymbiaPrincipal principal, @PathVariable String key) {
        return AssistantView.of(find(principal, key));
    }

    @Operation(summary = "An assistant's rules as loaded")
    @GetMapping("/api/assistants/{key}/rules")
    Map<String, Object> rules(SymbiaPrincipal principal, @PathVariable String key) {
        AssistantDefinition d = find(principal, key);
        return Map.of("key", d.key(), "source", d.rulesSource(), "active", d.ruleSet().active(),
                "rules", d.ruleSet().rules());
    }

    @Operation(summary = "An assistant's recent rule runs in the caller's org (org admins: cap:assistants.manage)")
    @GetMapping("/api/assistants/{key}/runs")
    @RequiresCapability("cap:assistants.manage")
    Map<String, Object> runs(SymbiaPrincipal principal, @PathVariable String key,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.badRequest("limit must be between 1 and 500");
        }
        AssistantDefinition d = find(principal, key);
        return Map.of("runs", runs.recent(org(principal), d.key(), limit));
    }

    private AssistantDefinition find(SymbiaPrincipal principal, String key) {
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("Invalid assistant key");
        }
        return directory.find(org(principal), key).orElseThrow(() -> ProblemException.notFound("Assistant"));
    }

    private static String org(SymbiaPrincipal principal) {
        if (principal == null) {
            throw ProblemException.unauthenticated("Authentication required");
        }
        if (principal.orgId() == null || principal.orgId().isBlank()) {
            throw ProblemException.badRequest("An org is required (X-Org-Id)");
        }
        return principal.orgId();
    }
}
