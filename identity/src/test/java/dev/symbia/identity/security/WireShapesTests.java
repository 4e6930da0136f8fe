package dev.symbia.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The answers' field names, as clients (console, services, SDKs) read them: the views are records
 * now, and these names are the public contract they must keep — nulls included, nothing extra
 * (no hash, no secret).
 */
class WireShapesTests extends IdentityTestBase {

    private static final List<String> KEY = List.of("id", "name", "keyPrefix", "orgId", "scopes", "expiresAt",
            "lastUsedAt", "revokedAt", "rotatedFrom", "createdBy", "createdAt");
    private static final List<String> AGENT = List.of("id", "agentId", "name", "orgId", "capabilities", "metadata",
            "isActive", "lastSeenAt", "createdAt");

    @Test
    void apiKeys() {
        User user = register(unique("shape-key"), "Shape Org");
        JsonNode created = http().post("/api/api-keys", Map.of("name", "k"), Http.bearer(user.token())).json();
        List<String> withSecret = new ArrayList<>(KEY);
        withSecret.addAll(List.of("key", "_warning"));
        assertThat(names(created)).containsExactlyElementsOf(withSecret);
        assertThat(created.path("expiresAt").isNull()).as("null, not absent").isTrue();
        JsonNode listed = http().get("/api/api-keys", Http.bearer(user.token())).json();
        assertThat(names(listed)).containsExactly("apiKeys");
        assertThat(names(listed.path("apiKeys").get(0))).containsExactlyElementsOf(KEY);
        JsonNode rotated = http().post("/api/api-keys/" + created.path("id").asString() + "/rotate", null,
                Http.bearer(user.token())).json();
        assertThat(names(rotated)).containsExactlyElementsOf(withSecret);
        assertThat(rotated.path("rotatedFrom").asString()).isEqualTo(created.path("id").asString());
    }

    @Test
    void agentsAndMe() {
        User admin = register(unique("shape-agent"), "Shape Agent Org");
        String credential = "c".repeat(40);
        JsonNode registered = http().post("/api/auth/agent/register", Map.of("agentId", "agent:shape-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                "credential", credential, "name", "Shape"), Http.bearer(admin.token())).json();
        assertThat(names(registered)).containsExactly("agent", "token", "expiresIn");
        assertThat(names(registered.path("agent"))).containsExactlyElementsOf(AGENT);
        JsonNode me = http().get("/api/auth/me", Http.bearer(registered.path("token").asString())).json();
        assertThat(names(me)).containsExactly("type", "agent", "orgId", "capabilities", "authMethod");
        assertThat(names(me.path("agent"))).containsExactlyElementsOf(AGENT);
        JsonNode userMe = http().get("/api/auth/me", Http.bearer(admin.token())).json();
        assertThat(names(userMe)).containsExactly("type", "user", "organizations", "orgId", "capabilities", "authMethod");
        assertThat(names(userMe.path("user"))).containsExactly("id", "email", "name", "isSuperAdmin", "organizations",
                "entitlements", "roles");
        JsonNode serviceMe = http().get("/api/auth/me", Http.bearer(serviceToken("messaging"))).json();
        assertThat(names(serviceMe)).containsExactly("type", "service", "orgId", "capabilities", "authMethod");
        assertThat(serviceMe.path("orgId").isNull()).isTrue();
    }

    @Test
    void orgsCredentialsAndTokens() {
        User admin = register(unique("shape-org"), "Shape Org Two");
        JsonNode org = http().get("/api/orgs/" + admin.orgId(), Http.bearer(admin.token())).json();
        assertThat(names(org)).containsExactly("organization", "members");
        assertThat(names(org.path("organization"))).containsExactly("id", "name", "slug", "role", "createdAt");
        assertThat(names(org.path("members").get(0))).containsExactly("id", "userId", "email", "name", "role", "createdAt");
        JsonNode credential = http().post("/api/credentials", Map.of("provider", "openai", "name", "x",
                "apiKey", "sk-shape-secret-value"), Http.bearer(admin.token())).json();
        assertThat(names(credential)).containsExactly("id", "provider", "name", "credentialPrefix", "isOrgWide", "orgId",
                "ownerId", "metadata", "lastUsedAt", "createdAt");
        assertThat(credential.toString()).doesNotContain("sk-shape-secret-value");
        JsonNode token = http().post("/api/auth/service-token", Map.of("serviceId", "messaging", "secret", INTERNAL_SECRET)).json();
        assertThat(names(token)).containsExactly("token", "tokenType", "expiresIn", "expiresAt");
        JsonNode forgot = http().post("/api/auth/forgot-password", Map.of("email", "nobody@example.test")).json();
        assertThat(names(forgot)).containsExactly("message", "emailEnabled");
    }

    @Test
    void introspection() {
        User user = register(unique("shape-introspect"), "Shape Introspect Org");
        List<String> token = List.of("active", "token_type", "type", "typ", "sub", "iss", "iat", "exp", "jti", "org",
                "orgs", "caps", "sa");
        List<String> ofUser = new ArrayList<>(token);
        ofUser.addAll(List.of("email", "name", "isSuperAdmin", "organizations", "entitlements", "roles"));
        assertThat(names(introspect(user.token()))).containsExactlyElementsOf(ofUser);
        List<String> ofService = new ArrayList<>(token);
        ofService.add("name");
        JsonNode service = introspect(serviceToken("messaging"));
        assertThat(names(service)).containsExactlyElementsOf(ofService);
        assertThat(service.path("org").isNull()).as("null, not absent").isTrue();
        JsonNode key = introspect(apiKey(user, user.orgId(), null));
        assertThat(names(key)).containsExactly("active", "token_type", "type", "typ", "sub", "key_id", "client_id", "scope",
                "email", "name", "org", "orgs", "caps", "scopes", "sa", "iat");
        assertThat(key.path("scopes").isNull()).as("no scopes: all the creator holds").isTrue();
        assertThat(names(introspect("not-a-token"))).containsExactly("active");
    }

    private JsonNode introspect(String token) {
        return http().post("/api/auth/introspect", Map.of("token", token)).json();
    }

    private static List<String> names(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }
}
