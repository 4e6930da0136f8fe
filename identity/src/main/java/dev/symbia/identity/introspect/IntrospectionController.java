package dev.symbia.identity.introspect;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.ApiKeyVerifier;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.auth.TokenClaims;
import dev.symbia.identity.user.UserStore;
import dev.symbia.identity.agent.AgentStore;
import dev.symbia.identity.apikey.ApiKeyService;
import dev.symbia.identity.token.UserSnapshot;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/introspect} (RFC 7662): always 200; {@code {"active":false}} for anything
 * that is not a live access token or API key — malformed input included, so nothing can be learned
 * from the status. Unlike local verification it also checks the database (deleted users, deactivated
 * agents, revoked keys).
 */
@RestController
class IntrospectionController {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final AccessTokenVerifier verifier;
    private final ApiKeyService apiKeys;
    private final UserStore users;
    private final AgentStore agents;

    IntrospectionController(AccessTokenVerifier verifier, ApiKeyService apiKeys, UserStore users, AgentStore agents) {
        this.verifier = verifier;
        this.apiKeys = apiKeys;
        this.users = users;
        this.agents = agents;
    }

    @Operation(summary = "RFC 7662 introspection of an access token or API key")
    @PostMapping("/api/auth/introspect")
    Map<String, Object> introspect(@RequestBody(required = false) Map<String, Object> body) {
        Object token = body == null ? null : body.get("token");
        if (!(token instanceof String value) || value.isBlank() || value.length() > 16_384) {
            return INACTIVE;
        }
        if (ApiKeyVerifier.looksLikeApiKey(value)) {
            return apiKeys.resolve(value).map(IntrospectionController::apiKey).orElse(INACTIVE);
        }
        try {
            return accessToken(verifier.verify(value)).orElse(INACTIVE);
        } catch (InvalidTokenException e) {
            return INACTIVE;
        }
    }

    private Optional<Map<String, Object>> accessToken(TokenClaims claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.put("token_type", "Bearer");
        out.put("type", claims.type().wire());
        out.put("typ", claims.type().wire());
        out.put("sub", claims.subject());
        out.put("iss", claims.issuer());
        out.put("iat", claims.issuedAt() == null ? null : claims.issuedAt().getEpochSecond());
        out.put("exp", claims.expiresAt().getEpochSecond());
        out.put("jti", claims.id());
        out.put("org", claims.org());
        out.put("orgs", claims.orgs());
        out.put("caps", claims.caps());
        out.put("sa", claims.superAdmin());
        switch (claims.type()) {
            case USER -> {
                Optional<UserSnapshot> user = parse(claims.subject()).flatMap(users::snapshot);
                if (user.isEmpty()) {
                    return Optional.empty();
                }
                out.put("email", user.get().email());
                out.put("name", user.get().name());
                out.put("isSuperAdmin", user.get().superAdmin());
                out.put("organizations", organizations(user.get()));
                out.put("entitlements", List.copyOf(user.get().platformCaps()));
                out.put("roles", user.get().grants().stream().filter(g -> g.startsWith("role:")).toList());
            }
            case AGENT -> {
                Optional<AgentStore.AgentRow> agent = parse(claims.subject()).flatMap(agents::find)
                        .filter(AgentStore.AgentRow::active);
                if (agent.isEmpty()) {
                    return Optional.empty();
                }
                out.put("agentId", agent.get().agentId());
                out.put("name", agent.get().name());
                out.put("orgId", agent.get().orgId().toString());
                out.put("capabilities", claims.caps());
            }
            case SERVICE -> out.put("name", claims.name());
        }
        return Optional.of(out);
    }

    private static Map<String, Object> apiKey(ApiKeyService.Resolved key) {
        SymbiaPrincipal principal = key.principal();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.put("token_type", "api_key");
        out.put("type", principal.type().wire());
        out.put("typ", principal.type().wire());
        out.put("sub", principal.id());
        out.put("key_id", key.keyId().toString());
        out.put("client_id", key.keyId().toString());
        out.put("scope", String.join(" ", principal.caps()));
        out.put("email", principal.email());
        out.put("name", principal.name());
        out.put("org", principal.orgId());
        out.put("orgs", principal.orgs());
        out.put("caps", principal.caps());
        out.put("scopes", key.scopes());
        out.put("sa", false);
        out.put("iat", key.createdAt().toEpochSecond());
        if (key.expiresAt() != null) {
            out.put("exp", key.expiresAt().toEpochSecond());
        }
        return out;
    }

    private static List<Map<String, String>> organizations(UserSnapshot user) {
        return user.orgs().stream().map(o -> Map.of("id", o.orgId().toString(), "name", o.name(), "slug", o.slug(),
                "role", o.role())).toList();
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
