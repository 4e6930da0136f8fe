package dev.symbia.integrations.credential;

import dev.symbia.core.RequestIds;
import dev.symbia.integrations.support.RequestId;
import java.io.IOException;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks a provider key up in identity's vault: {@code GET /api/internal/credentials/{userId}/{provider}?orgId=}
 * with this service's token. Identity answers the caller's own key, else the org-wide one ({@code
 * isOrgWide: true}), else 404. When the vault cannot answer (down, 5xx, our token refused) the
 * lookup yields nothing and the chain falls back to the environment key, with a warning — a chat
 * keeps working, and the usage row records which key paid for it.
 */
final class VaultCredentialSource implements CredentialSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VaultCredentialSource.class);
    private static final String SERVICE_ID = "integrations";

    private final OkHttpClient http;
    private final HttpUrl identity;
    private final ServiceTokenSupplier tokens;
    private final JsonMapper json;
    private final VaultMisses misses;

    public VaultCredentialSource(OkHttpClient http, HttpUrl identity, ServiceTokenSupplier tokens, JsonMapper json) {
        this(http, identity, tokens, json, null);
    }

    /** With {@code misses}, a recent "no key" answer is reused instead of asking again (see {@link VaultMisses}). */
    VaultCredentialSource(OkHttpClient http, HttpUrl identity, ServiceTokenSupplier tokens, JsonMapper json,
            VaultMisses misses) {
        this.http = http;
        this.identity = identity;
        this.tokens = tokens;
        this.json = json;
        this.misses = misses;
    }

    @Override
    public Optional<Credential> find(Account owner, String provider) {
        if (misses != null && misses.known(owner, provider)) {
            return Optional.empty();
        }
        HttpUrl url = identity.newBuilder()
                .addPathSegments("api/internal/credentials")
                .addPathSegment(owner.userId())
                .addPathSegment(provider)
                .addQueryParameter("orgId", owner.orgId())
                .build();
        Request request = new Request.Builder().url(url).get()
                .header("Authorization", "Bearer " + tokens.serviceToken())
                .header("X-Service-Id", SERVICE_ID)
                .header("X-Org-Id", owner.orgId())
                .header(RequestIds.HEADER, RequestId.current())
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 404) {
                // Only a definite "no key" is remembered; a vault that could not answer is asked again.
                if (misses != null) {
                    misses.remember(owner, provider);
                }
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                log.warn("Credential vault answered {} for provider {}; falling back to the platform key",
                        response.code(), provider);
                return Optional.empty();
            }
            JsonNode body = json.readTree(response.body().string());
            String apiKey = body.path("apiKey").asString("");
            if (apiKey.isBlank()) {
                return Optional.empty();
            }
            CredentialOrigin origin = body.path("isOrgWide").asBoolean(false) ? CredentialOrigin.ORG : CredentialOrigin.USER;
            return Optional.of(new Credential(apiKey, origin));
        } catch (IOException | RuntimeException e) {
            log.warn("Credential vault unreachable for provider {} ({}); falling back to the platform key",
                    provider, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (misses != null) {
            misses.close();
        }
    }
}
