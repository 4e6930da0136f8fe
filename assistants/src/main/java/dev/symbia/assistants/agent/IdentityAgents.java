package dev.symbia.assistants.agent;

import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.SymbiaService;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assistants' agent tokens from identity's {@code POST /api/internal/agent-tokens} (asked with this service's
 * token), which provisions the agent on first use and returns its five-minute token, verified here against
 * identity's keys before it is used. A token is reused for at most {@code symbia.assistants.agent-token-cache} (and never
 * in its last minute), so a grant or revocation reaches running assistants quickly. An assistant in use gets its next
 * token in the background once two thirds of that time have passed, so its replies do not wait for identity (a
 * synchronous round trip and a signature check) every time the reuse ends; the bound stays as it was.
 */
@Component
class IdentityAgents implements AssistantAgents {

    private static final Logger log = LoggerFactory.getLogger(IdentityAgents.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    /** {@code asked}: when identity was asked for it (the newer of two answers wins). */
    private record Cached(Agent agent, Instant asked, Instant refreshFrom, Instant reuseUntil) {
    }

    private final OkHttpClient serviceHttp;
    private final boolean serviceToken;
    private final AccessTokenVerifier verifier;
    private final JsonMapper json;
    private final AssistantsProperties properties;
    private final String url;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Cache keys whose next token is being asked for in the background (one at a time per key). */
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    @Autowired
    IdentityAgents(OkHttpClient serviceHttpClient, ObjectProvider<ServiceTokenClient> serviceTokens,
            AccessTokenVerifier verifier, JsonMapper json, AssistantsProperties properties, SymbiaAuthProperties auth,
            Environment environment) {
        this(serviceHttpClient, serviceTokens, verifier, json, properties, auth, environment, Clock.systemUTC());
    }

    IdentityAgents(OkHttpClient serviceHttpClient, ObjectProvider<ServiceTokenClient> serviceTokens,
            AccessTokenVerifier verifier, JsonMapper json, AssistantsProperties properties, SymbiaAuthProperties auth,
            Environment environment, Clock clock) {
        this.clock = clock;
        this.serviceHttp = serviceHttpClient.newBuilder().callTimeout(properties.serviceCallTimeout()).build();
        this.serviceToken = serviceTokens.getIfAvailable() != null;
        this.verifier = verifier;
        this.json = json;
        this.properties = properties;
        String base = auth.identityUrl().isBlank()
                ? environment.getProperty("IDENTITY_SERVICE_URL", SymbiaService.IDENTITY.url(System.getenv()))
                : auth.identityUrl().trim();
        this.url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/internal/agent-tokens";
    }

    @Override
    public Agent fresh(String org, String key) throws Unavailable {
        cache.remove(org + "\u0000assistant:" + key);
        return forAssistant(org, key);
    }

    @Override
    public Agent forAssistant(String org, String key) throws Unavailable {
        String agentId = "assistant:" + key;
        String cacheKey = org + "\u0000" + agentId;
        Cached cached = cache.get(cacheKey);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.reuseUntil())) {
            if (!now.isBefore(cached.refreshFrom()) && refreshing.add(cacheKey)) {
                Thread.ofVirtual().name("agent-token-refresh").start(() -> {
                    try {
                        if (cache.get(cacheKey) == cached) { // not renewed meanwhile
                            ask(org, key, cacheKey);
                        }
                    } catch (Unavailable e) {
                        // already logged; the token in hand still ends at its reuse limit, then a reply asks itself
                    } finally {
                        refreshing.remove(cacheKey);
                    }
                });
            }
            return cached.agent();
        }
        return ask(org, key, cacheKey);
    }

    /** Asks identity for the agent's token now and caches it (unless a newer answer is cached already). */
    private Agent ask(String org, String key, String cacheKey) throws Unavailable {
        String agentId = "assistant:" + key;
        Instant now = clock.instant();
        if (!serviceToken) {
            throw new Unavailable("this service has no service token (INTERNAL_SERVICE_SECRET) to ask identity with");
        }
        Request request = new Request.Builder().url(url).post(RequestBody.create(
                json.writeValueAsString(Map.of("orgId", org, "agentId", agentId, "name", key)), JSON_TYPE)).build();
        try (Response response = serviceHttp.newCall(request).execute()) {
            if (response.code() == 409) {
                cache.remove(cacheKey);
                throw new Unavailable("its agent is deactivated in this organization");
            }
            if (response.code() == 404 || response.code() == 400) {
                cache.remove(cacheKey);
                throw new Unavailable("identity knows no organization " + org);
            }
            if (!response.isSuccessful()) {
                throw new Unavailable("identity answered " + response.code() + " for its agent token");
            }
            JsonNode body = json.readTree(response.body().string());
            String token = body.path("token").asString("");
            SymbiaPrincipal principal = verifier.verify(token).toPrincipal();
            if (!principal.isAgent() || !agentId.equals(principal.agentId()) || !org.equals(principal.orgId())) {
                throw new Unavailable("identity's agent token names another principal");
            }
            Agent agent = new Agent(body.path("agent").path("id").asString(principal.id()), agentId, org, token,
                    principal.caps(), Instant.parse(body.path("expiresAt").asString()));
            Instant lastUse = agent.expiresAt().minusSeconds(60);
            Instant reuse = now.plus(properties.agentTokenCache());
            Instant until = reuse.isBefore(lastUse) ? reuse : lastUse;
            Instant refreshFrom = until.isAfter(now) ? now.plus(Duration.between(now, until).multipliedBy(2).dividedBy(3))
                    : until;
            cache.merge(cacheKey, new Cached(agent, now, refreshFrom, until),
                    (old, fresh) -> old.asked().isAfter(fresh.asked()) ? old : fresh);
            return agent;
        } catch (IOException e) {
            log.warn("No agent token for {} in {}: {}", agentId, org, e.toString());
            throw new Unavailable("identity could not be reached");
        } catch (InvalidTokenException | RuntimeException e) {
            log.warn("Identity's agent token for {} in {} did not verify: {}", agentId, org, e.toString());
            throw new Unavailable("identity's agent token did not verify");
        }
    }
}
