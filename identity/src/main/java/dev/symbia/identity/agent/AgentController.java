package dev.symbia.identity.agent;

import dev.symbia.auth.Roles;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.account.Passwords;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.RequestOrg;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.identity.ratelimit.RateLimiter;
import dev.symbia.identity.token.IssuedToken;
import dev.symbia.identity.token.TokenIssuer;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Agents: registered by an org admin (never self-registered), with only capabilities that admin
 * holds; they sign in with their agentId and credential and can be deactivated.
 */
@RestController
class AgentController {

    static final String BAD_CREDENTIALS = "Invalid agent id or credential";

    private final AgentStore agents;
    private final TokenIssuer issuer;
    private final BCryptPasswordEncoder encoder;
    private final AuditLog audit;
    private final RateLimiter limiter;
    private final IdentityProperties properties;
    private final String dummyHash;

    AgentController(AgentStore agents, TokenIssuer issuer, BCryptPasswordEncoder encoder, AuditLog audit,
            RateLimiter limiter, IdentityProperties properties) {
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
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> capabilities,
            Map<String, Object> metadata) {
    }

    record AgentLoginRequest(@NotBlank @Size(max = 100) String agentId, @NotBlank @Size(max = 200) String credential) {
    }

    @Operation(summary = "Register an agent in an org (org admin; capabilities bounded by the admin's)")
    @PostMapping("/api/auth/agent/register")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> register(SymbiaPrincipal principal, @Valid @RequestBody RegisterAgentRequest request) {
        Passwords.requireHashable("credential", request.credential());
        UUID orgId = request.orgId() != null ? request.orgId() : RequestOrg.require(principal);
        SymbiaPrincipal inOrg = principal.superAdmin() || principal.isMemberOf(orgId.toString())
                ? principal.inOrg(orgId.toString()) : null;
        if (inOrg == null || !principal.isUser() || !inOrg.isOrgAdmin()) {
            throw ProblemException.forbidden("Only an admin of the organization can register agents in it.");
        }
        List<String> caps = List.copyOf(new LinkedHashSet<>(request.capabilities() == null ? List.of() : request.capabilities()));
        for (String cap : caps) {
            if (!Roles.isCapability(cap)) {
                throw ProblemException.badRequest("'" + cap + "' is not a capability (cap:<area>.<action>).");
            }
            if (!inOrg.hasCapability(cap)) {
                throw ProblemException.forbidden("You cannot grant " + cap + ": you do not hold it in this organization.");
            }
        }
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
        return Map.of("agent", agent.view(), "token", token.token(), "expiresIn", token.expiresIn());
    }

    @Operation(summary = "Sign in as an agent")
    @PostMapping("/api/auth/agent/login")
    Map<String, Object> login(@Valid @RequestBody AgentLoginRequest request, HttpServletRequest http) {
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
        return Map.of("agent", row.view(), "token", token.token(), "expiresIn", token.expiresIn());
    }

    @Operation(summary = "The current agent")
    @GetMapping("/api/auth/agent/me")
    Map<String, Object> me(SymbiaPrincipal principal) {
        if (!principal.isAgent()) {
            throw ProblemException.forbidden("Only agents have an agent profile.");
        }
        return agents.find(UUID.fromString(principal.id())).map(AgentStore.AgentRow::view)
                .orElseThrow(() -> ProblemException.notFound("Agent"));
    }

    @Operation(summary = "Agents of the request's org")
    @GetMapping("/api/agents")
    Map<String, Object> list(SymbiaPrincipal principal) {
        UUID org = RequestOrg.require(principal);
        requireMemberUserOrAdmin(principal);
        return Map.of("agents", agents.list(org).stream().map(AgentStore.AgentRow::view).toList());
    }

    @Operation(summary = "Deactivate an agent (org admin)")
    @PostMapping("/api/agents/{id}/deactivate")
    Map<String, Object> deactivate(SymbiaPrincipal principal, @PathVariable UUID id) {
        return setActive(principal, id, false);
    }

    @Operation(summary = "Reactivate an agent (org admin)")
    @PostMapping("/api/agents/{id}/activate")
    Map<String, Object> activate(SymbiaPrincipal principal, @PathVariable UUID id) {
        return setActive(principal, id, true);
    }

    private Map<String, Object> setActive(SymbiaPrincipal principal, UUID id, boolean active) {
        AgentStore.AgentRow agent = agents.find(id)
                .filter(a -> principal.superAdmin() || principal.isMemberOf(a.orgId().toString()))
                .orElseThrow(() -> ProblemException.notFound("Agent"));
        if (!principal.isUser() || !principal.inOrg(agent.orgId().toString()).isOrgAdmin()) {
            throw ProblemException.forbidden("Only an admin of the agent's organization can change it.");
        }
        agents.setActive(agent.orgId(), id, active);
        audit.record(active ? "agent.activated" : "agent.deactivated", Actor.of(principal), agent.orgId(), "agent", id.toString());
        return agents.find(id).orElseThrow().view();
    }

    private static void requireMemberUserOrAdmin(SymbiaPrincipal principal) {
        if (!principal.isUser()) {
            throw ProblemException.forbidden("Only users can list agents.");
        }
    }
}
