package dev.symbia.identity.agent;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.config.RequestOrg;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.identity.crypto.Passwords;
import dev.symbia.identity.ratelimit.RateLimiter;
import dev.symbia.identity.token.IssuedToken;
import dev.symbia.identity.token.TokenIssuer;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Agents: registered by an org admin (never self-registered), with only capabilities that admin
 * holds; they sign in with their agentId and credential and can be deactivated.
 */
@RestController
class AgentController {

    static final String BAD_CREDENTIALS = "Invalid agent id or credential";
    static final String MANAGE = "cap:agents.manage";

    private final AgentStore agents;
    private final TokenIssuer issuer;
    private final BCryptPasswordEncoder encoder;
    private final AuditLog audit;
    private final RateLimiter limiter;
    private final IdentityProperties properties;
    private final RequestBodies bodies;
    private final String dummyHash;

    AgentController(AgentStore agents, TokenIssuer issuer, BCryptPasswordEncoder encoder, AuditLog audit,
            RateLimiter limiter, IdentityProperties properties, RequestBodies bodies) {
        this.bodies = bodies;
        this.agents = agents;
        this.issuer = issuer;
        this.encoder = encoder;
        this.audit = audit;
        this.limiter = limiter;
        this.properties = properties;
        this.dummyHash = encoder.encode(Hashes.randomHex(16));
    }

    record RegisterAgentRequest(
            @NotBlank @Size(min = 3, max = 100) @Pattern(regexp = "^[a-z0-9:_-]+$") String agentId,
            @NotBlank @Size(min = 32, max = 72) String credential,
            @NotBlank @Size(max = 100) String name,
            UUID orgId,
            @JsonFormat(without = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> capabilities,
            Map<String, Object> metadata) {
    }

    /** What an org admin lets an agent do: replaces its capabilities (each one the admin holds). */
    record CapabilitiesRequest(
            @JsonFormat(without = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            @NotNull @Size(max = 100) List<@NotBlank @Size(max = 100) String> capabilities) {
    }

    record AgentLoginRequest(@NotBlank @Size(max = 100) String agentId, @NotBlank @Size(max = 200) String credential) {
    }

    /** A signed-in agent: its profile and an access token. */
    record AgentSession(AgentView agent, String token, long expiresIn) {
    }

    record AgentList(List<AgentView> agents) {
    }

    @Operation(summary = "Register an agent in an org (org admin; capabilities bounded by the admin's)")
    @PostMapping("/api/auth/agent/register")
    @ResponseStatus(HttpStatus.CREATED)
    AgentSession register(SymbiaPrincipal principal, @RequestBody JsonNode body) {
        RegisterAgentRequest request = bodies.read(body, RegisterAgentRequest.class);
        Passwords.requireHashable("credential", request.credential());
        if (request.agentId().startsWith(AgentTokenController.ASSISTANT_PREFIX)) {
            // an admin's agent named like an assistant could speak as that assistant in conversations
            throw ProblemException.badRequest("agentIds starting with '" + AgentTokenController.ASSISTANT_PREFIX
                    + "' are the platform's assistants: identity provisions them itself.");
        }
        UUID orgId = request.orgId() != null ? request.orgId() : RequestOrg.require(principal);
        if (!principal.isUser() || !(principal.superAdmin() || principal.isMemberOf(orgId.toString()))) {
            throw ProblemException.forbidden("Only an admin of the organization can register agents in it.");
        }
        SymbiaPrincipal inOrg = principal.inOrg(orgId.toString());
        Authz.check(inOrg, MANAGE); // org admins
        // An agent never holds more than the admin who registers it.
        List<String> caps = Authz.checkGrantable(inOrg, request.capabilities() == null ? List.of() : request.capabilities());
        AgentStore.AgentRow agent;
        try {
            agent = agents.create(request.agentId(), request.name().trim(), orgId, encoder.encode(request.credential()),
                    caps, request.metadata() == null ? Map.of() : request.metadata(), UUID.fromString(principal.id()));
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("An agent with this agentId already exists.");
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw ProblemException.notFound("Organization");
        }
        audit.record("agent.registered", Actor.of(principal), orgId, "agent", agent.id().toString(),
                Map.of("agentId", agent.agentId(), "capabilities", caps));
        IssuedToken token = issuer.forAgent(agent.id(), agent.agentId(), agent.name(), orgId, new LinkedHashSet<>(caps));
        return new AgentSession(AgentView.of(agent), token.token(), token.expiresIn());
    }

    @Operation(summary = "Sign in as an agent")
    @PostMapping("/api/auth/agent/login")
    AgentSession login(@RequestBody JsonNode body, HttpServletRequest http) {
        AgentLoginRequest request = bodies.read(body, AgentLoginRequest.class);
        limiter.hit("agent-login:ip:" + http.getRemoteAddr(), properties.limits().agentLoginPerIp(), properties.limits().window());
        String failures = "agent-login:fail:" + request.agentId();
        limiter.requireBelow(failures, properties.limits().loginFailuresPerAccount(), properties.limits().failureWindow());
        Optional<AgentStore.AgentRow> agent = agents.findByAgentId(request.agentId());
        boolean matches = Passwords.matches(encoder, request.credential(),
                agent.map(AgentStore.AgentRow::credentialHash).orElse(dummyHash));
        if (agent.isEmpty() || !matches || !agent.get().active()) {
            limiter.count(failures, properties.limits().failureWindow());
            audit.record("agent.login_failed", Actor.anonymous(), agent.map(AgentStore.AgentRow::orgId).orElse(null),
                    "agent", agent.map(a -> a.id().toString()).orElse(null));
            throw ProblemException.unauthenticated(BAD_CREDENTIALS);
        }
        AgentStore.AgentRow row = agent.get();
        limiter.reset(failures);
        agents.touch(row.id());
        audit.record("agent.login", new Actor("agent", row.id().toString()), row.orgId(), "agent", row.id().toString());
        IssuedToken token = issuer.forAgent(row.id(), row.agentId(), row.name(), row.orgId(),
                new LinkedHashSet<>(row.capabilities()));
        return new AgentSession(AgentView.of(row), token.token(), token.expiresIn());
    }

    @Operation(summary = "The current agent")
    @GetMapping("/api/auth/agent/me")
    AgentView me(SymbiaPrincipal principal) {
        if (!principal.isAgent()) {
            throw ProblemException.forbidden("Only agents have an agent profile.");
        }
        return agents.find(UUID.fromString(principal.id())).map(AgentView::of)
                .orElseThrow(() -> ProblemException.notFound("Agent"));
    }

    @Operation(summary = "Agents of the request's org")
    @GetMapping("/api/agents")
    AgentList list(SymbiaPrincipal principal) {
        UUID org = RequestOrg.require(principal);
        requireMemberUserOrAdmin(principal);
        return new AgentList(agents.list(org).stream().map(AgentView::of).toList());
    }

    @Operation(summary = "Deactivate an agent (org admin)")
    @PostMapping("/api/agents/{id}/deactivate")
    AgentView deactivate(SymbiaPrincipal principal, @PathVariable UUID id) {
        return setActive(principal, id, false);
    }

    @Operation(summary = "Reactivate an agent (org admin)")
    @PostMapping("/api/agents/{id}/activate")
    AgentView activate(SymbiaPrincipal principal, @PathVariable UUID id) {
        return setActive(principal, id, true);
    }

    @Operation(summary = "Grant an agent (an assistant included) exactly these capabilities (org admin; each one the admin holds)")
    @PutMapping("/api/agents/{id}/capabilities")
    AgentView grant(SymbiaPrincipal principal, @PathVariable UUID id, @RequestBody(required = false) JsonNode body) {
        AgentStore.AgentRow agent = manageable(principal, id);
        CapabilitiesRequest request = bodies.read(body, CapabilitiesRequest.class);
        SymbiaPrincipal inOrg = principal.inOrg(agent.orgId().toString());
        List<String> caps = Authz.checkGrantable(inOrg, request.capabilities());
        agents.setCapabilities(agent.orgId(), id, caps);
        audit.record("agent.capabilities_changed", Actor.of(principal), agent.orgId(), "agent", id.toString(),
                Map.of("agentId", agent.agentId(), "before", agent.capabilities(), "after", caps));
        return AgentView.of(agents.find(id).orElseThrow());
    }

    /** An agent of an org the caller belongs to, changed by one of its admins (another org's: 404). */
    private AgentStore.AgentRow manageable(SymbiaPrincipal principal, UUID id) {
        AgentStore.AgentRow agent = agents.find(id)
                .filter(a -> principal.superAdmin() || principal.isMemberOf(a.orgId().toString()))
                .orElseThrow(() -> ProblemException.notFound("Agent"));
        if (!principal.isUser()) {
            throw ProblemException.forbidden("Only an admin of the agent's organization can change it.");
        }
        Authz.check(principal.inOrg(agent.orgId().toString()), MANAGE); // org admins
        return agent;
    }

    private AgentView setActive(SymbiaPrincipal principal, UUID id, boolean active) {
        AgentStore.AgentRow agent = manageable(principal, id);
        agents.setActive(agent.orgId(), id, active);
        audit.record(active ? "agent.activated" : "agent.deactivated", Actor.of(principal), agent.orgId(), "agent", id.toString());
        return AgentView.of(agents.find(id).orElseThrow());
    }

    private static void requireMemberUserOrAdmin(SymbiaPrincipal principal) {
        if (!principal.isUser()) {
            throw ProblemException.forbidden("Only users can list agents.");
        }
    }
}
