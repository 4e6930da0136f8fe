package dev.symbia.identity.introspect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.ApiKeyVerifier;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.auth.TokenClaims;
import dev.symbia.identity.account.AccountWire;
import dev.symbia.identity.agent.AgentStore;
import dev.symbia.identity.apikey.ApiKeyService;
import dev.symbia.identity.token.UserSnapshot;
import dev.symbia.identity.user.UserStore;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    private static final Introspection INACTIVE = new Inactive(false);

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

    /** An RFC 7662 answer: inactive, an access token's claims, or an API key's. */
    sealed interface Introspection permits Inactive, TokenIntrospection, KeyIntrospection {
    }

    record Inactive(boolean active) implements Introspection {
    }

    /**
     * A live access token: its claims, then what the database says of its subject now — a user's
     * profile, memberships and grants, an agent's id, org and capabilities, a service's name.
     */
    record TokenIntrospection(boolean active, @JsonProperty("token_type") String tokenType, String type, String typ,
            String sub, String iss, Long iat, long exp, String jti, String org, Map<String, String> orgs,
            Set<String> caps, boolean sa,
            @JsonInclude(JsonInclude.Include.NON_NULL) String email,
            @JsonInclude(JsonInclude.Include.NON_NULL) String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean isSuperAdmin,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<AccountWire.OrgMembershipView> organizations,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> entitlements,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> roles,
            @JsonInclude(JsonInclude.Include.NON_NULL) String agentId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String orgId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Set<String> capabilities) implements Introspection {
    }

    /** A live API key: the principal it acts as (its creator, in its org, with its scopes). */
    record KeyIntrospection(boolean active, @JsonProperty("token_type") String tokenType, String type, String typ,
            String sub, @JsonProperty("key_id") String keyId, @JsonProperty("client_id") String clientId, String scope,
            String email, String name, String org, Map<String, String> orgs, Set<String> caps, List<String> scopes,
            boolean sa, long iat, @JsonInclude(JsonInclude.Include.NON_NULL) Long exp) implements Introspection {
    }

    @Operation(summary = "RFC 7662 introspection of an access token or API key")
    @PostMapping("/api/auth/introspect")
    Introspection introspect(@RequestBody(required = false) Map<String, Object> body) {
        // Lenient on purpose (RFC 7662: token plus optional hints): any body answers 200, inactive when unusable.
        Object token = body == null ? null : body.get("token");
        if (!(token instanceof String value) || value.isBlank() || value.length() > 16_384) {
            return INACTIVE;
        }
        if (ApiKeyVerifier.looksLikeApiKey(value)) {
            return apiKeys.resolve(value).<Introspection>map(IntrospectionController::apiKey).orElse(INACTIVE);
        }
        try {
            return accessToken(verifier.verify(value)).orElse(INACTIVE);
        } catch (InvalidTokenException e) {
            return INACTIVE;
        }
    }

    private Optional<Introspection> accessToken(TokenClaims claims) {
        String type = claims.type().wire();
        Long iat = claims.issuedAt() == null ? null : claims.issuedAt().getEpochSecond();
        long exp = claims.expiresAt().getEpochSecond();
        return switch (claims.type()) {
            case USER -> parse(claims.subject()).flatMap(users::snapshot).map(user -> new TokenIntrospection(true,
                    "Bearer", type, type, claims.subject(), claims.issuer(), iat, exp, claims.id(), claims.org(),
                    claims.orgs(), claims.caps(), claims.superAdmin(), user.email(), user.name(), user.superAdmin(),
                    AccountWire.OrgMembershipView.of(user), List.copyOf(user.platformCaps()),
                    user.grants().stream().filter(g -> g.startsWith("role:")).toList(), null, null, null));
            case AGENT -> parse(claims.subject()).flatMap(agents::find).filter(AgentStore.AgentRow::active)
                    .map(agent -> new TokenIntrospection(true, "Bearer", type, type, claims.subject(), claims.issuer(),
                            iat, exp, claims.id(), claims.org(), claims.orgs(), claims.caps(), claims.superAdmin(), null,
                            agent.name(), null, null, null, null, agent.agentId(), agent.orgId().toString(), claims.caps()));
            case SERVICE -> Optional.of(new TokenIntrospection(true, "Bearer", type, type, claims.subject(),
                    claims.issuer(), iat, exp, claims.id(), claims.org(), claims.orgs(), claims.caps(),
                    claims.superAdmin(), null, claims.name(), null, null, null, null, null, null, null));
        };
    }

    private static KeyIntrospection apiKey(ApiKeyService.Resolved key) {
        SymbiaPrincipal principal = key.principal();
        String type = principal.type().wire();
        return new KeyIntrospection(true, "api_key", type, type, principal.id(), key.keyId().toString(),
                key.keyId().toString(), String.join(" ", principal.caps()), principal.email(), principal.name(),
                principal.orgId(), principal.orgs(), principal.caps(), key.scopes(), false,
                key.createdAt().toEpochSecond(), key.expiresAt() == null ? null : key.expiresAt().toEpochSecond());
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
