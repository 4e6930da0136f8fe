package dev.symbia.identity.agent;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.token.IssuedToken;
import dev.symbia.identity.token.TokenIssuer;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/internal/agent-tokens}: the assistants service acts as each assistant through that assistant's
 * own agent in the org ({@code assistant:<key>}), never with its service token. The first call provisions the agent
 * with no capabilities and no credential; from then on an org admin sees it among the org's agents and grants it
 * capabilities ({@code PUT /api/agents/{id}/capabilities}). Each call returns a five-minute token carrying exactly
 * what was granted, so every service the assistant calls checks the assistant's grants — never what its definition
 * declares. Only the assistants service may ask, and only for {@code assistant:} agents; a deactivated agent gets
 * no token (409); an unknown org is a 404.
 */
@RestController
class AgentTokenController {

    static final String ASSISTANT_PREFIX = "assistant:";
    /** The one service that acts as provisioned agents, and the agents it may act as. */
    static final Map<String, String> CALLERS = Map.of("assistants", ASSISTANT_PREFIX);
    static final Duration TTL = Duration.ofMinutes(5);

    private final AgentStore agents;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final RequestBodies bodies;

    AgentTokenController(AgentStore agents, TokenIssuer issuer, AuditLog audit, RequestBodies bodies) {
        this.agents = agents;
        this.issuer = issuer;
        this.audit = audit;
        this.bodies = bodies;
    }

    record AgentTokenRequest(
            @NotNull UUID orgId,
            @NotNull @Pattern(regexp = "^assistant:[a-z0-9][a-z0-9._-]{0,63}$",
                    message = "must be assistant:<key> (lower-case letters, digits, '.', '_' or '-')") String agentId,
            @Size(max = 100) String name) {
    }

    record AgentTokenView(String token, String tokenType, long expiresIn, String expiresAt, AgentView agent) {
    }

    @Operation(summary = "An assistant's own short-lived agent token in one org, provisioned on first use (assistants service only)")
    @PostMapping("/api/internal/agent-tokens")
    AgentTokenView issue(SymbiaPrincipal caller, @RequestBody(required = false) JsonNode body) {
        String prefix = caller.isService() ? CALLERS.get(caller.id()) : null;
        if (prefix == null) {
            throw ProblemException.forbidden("Only the assistants service may act as assistants.");
        }
        AgentTokenRequest request = bodies.read(body, AgentTokenRequest.class);
        String name = request.name() == null || request.name().isBlank() ? request.agentId() : request.name().trim();
        AgentStore.Provisioned provisioned;
        try {
            provisioned = agents.provision(request.orgId(), request.agentId(), name, caller.id(),
                    Map.of("provisionedBy", caller.id(), "kind", "assistant",
                            "assistantKey", request.agentId().substring(prefix.length())));
        } catch (DataIntegrityViolationException e) {
            throw ProblemException.notFound("Organization");
        }
        AgentStore.AgentRow agent = provisioned.agent();
        if (provisioned.created()) {
            audit.record("agent.provisioned", Actor.service(caller.id()), agent.orgId(), "agent", agent.id().toString(),
                    Map.of("agentId", agent.agentId()));
        }
        if (!caller.id().equals(agent.provisionedBy())) {
            throw ProblemException.notFound("Agent"); // not one this service provisioned
        }
        if (!agent.active()) {
            throw ProblemException.conflict("The assistant's agent is deactivated in this organization.");
        }
        IssuedToken token = issuer.forAgent(agent.id(), agent.agentId(), agent.name(), agent.orgId(),
                new LinkedHashSet<>(agent.capabilities()), TTL);
        audit.record("agent_token.issued", Actor.service(caller.id()), agent.orgId(), "agent", agent.id().toString());
        return new AgentTokenView(token.token(), "Bearer", token.expiresIn(), token.expiresAt().toString(),
                AgentView.of(agent));
    }
}
