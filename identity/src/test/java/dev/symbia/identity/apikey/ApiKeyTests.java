package dev.symbia.identity.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiKeyTests extends IdentityTestBase {

    @Test
    void keyIsShownOnceAndStoredAsKeyedHash() {
        User user = register(unique("key"), "Key Org");
        Http.Response created = http().post("/api/api-keys", Map.of("name", "ci"), Http.bearer(user.token()));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().path("key").asString();
        assertThat(key).matches("sk_[0-9a-f]{64}");
        assertThat(created.json().path("keyPrefix").asString()).isEqualTo(key.substring(0, 11));
        String id = created.json().path("id").asString();
        String stored = jdbc.sql("SELECT key_hash FROM api_keys WHERE id = CAST(:id AS uuid)").param("id", id)
                .query(String.class).single();
        assertThat(stored).isNotEqualTo(key).isNotEqualTo(dev.symbia.identity.crypto.Hashes.sha256(key)).hasSize(64);
        Http.Response listed = http().get("/api/api-keys", Http.bearer(user.token()));
        assertThat(listed.body()).contains(id).doesNotContain(key);
        assertThat(http().get("/api/api-keys/" + id, Http.bearer(user.token())).body()).doesNotContain(key);
    }

    @Test
    void keysAuthenticateByBearerAndHeaderAndTrackUse() {
        User user = register(unique("use"), "Use Org");
        String key = apiKey(user, user.orgId(), null);
        JsonNode me = http().get("/api/auth/me", "X-API-Key", key).json();
        assertThat(me.path("user").path("id").asString()).isEqualTo(user.id());
        assertThat(me.path("authMethod").asString()).isEqualTo("api_key");
        assertThat(http().get("/api/auth/me", Http.bearer(key)).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT last_used_at IS NOT NULL FROM api_keys WHERE created_by = CAST(:u AS uuid)")
                .param("u", user.id()).query(Boolean.class).single()).isTrue();
        JsonNode introspection = http().post("/api/auth/introspect", Map.of("token", key)).json();
        assertThat(introspection.path("active").asBoolean()).isTrue();
        assertThat(introspection.path("token_type").asString()).isEqualTo("api_key");
        assertThat(introspection.path("org").asString()).isEqualTo(user.orgId());
        assertThat(introspection.path("sa").asBoolean()).isFalse();
    }

    @Test
    void scopesCannotExceedTheCreatorsCapabilities() {
        User admin = register(unique("scope-admin"), "Scope Org");
        User viewer = join(admin, admin.orgId(), register(unique("scope-viewer"), null), "viewer");
        Http.Response tooMuch = http().post("/api/api-keys", Map.of("name", "x", "scopes", List.of("cap:identity.audit")),
                Http.bearer(viewer.token()));
        assertThat(tooMuch.status()).isEqualTo(403);
        assertThat(http().post("/api/api-keys", Map.of("name", "x", "scopes", List.of("not-a-cap")),
                Http.bearer(viewer.token())).status()).isEqualTo(400);
        String key = apiKey(viewer, admin.orgId(), List.of("cap:catalog.read"));
        JsonNode introspection = http().post("/api/auth/introspect", Map.of("token", key)).json();
        assertThat(introspection.path("caps").toString()).isEqualTo("[\"cap:catalog.read\"]");
    }

    @Test
    void aDemotedCreatorsKeyLosesWhatTheyLost() {
        User owner = register(unique("demote-owner"), "Demote Org");
        User admin = join(owner, owner.orgId(), register(unique("demote-admin"), null), "admin");
        String key = apiKey(admin, owner.orgId(), List.of("cap:identity.audit"));
        assertThat(http().get("/api/audit?orgId=" + owner.orgId(), "X-API-Key", key).status()).isEqualTo(200);
        String membership = jdbc.sql("SELECT id FROM memberships WHERE user_id = CAST(:u AS uuid)").param("u", admin.id())
                .query(String.class).single();
        http().send("PATCH", "/api/orgs/" + owner.orgId() + "/members/" + membership, Map.of("role", "viewer"),
                Http.bearer(owner.token()));
        assertThat(http().get("/api/audit?orgId=" + owner.orgId(), "X-API-Key", key).status()).isEqualTo(403);
    }

    @Test
    void revokeRotateAndDelete() {
        User user = register(unique("lifecycle"), "Lifecycle Org");
        Http.Response created = http().post("/api/api-keys", Map.of("name", "rotating"), Http.bearer(user.token()));
        String id = created.json().path("id").asString();
        String key = created.json().path("key").asString();

        Http.Response rotated = http().post("/api/api-keys/" + id + "/rotate", null, Http.bearer(user.token()));
        assertThat(rotated.status()).isEqualTo(200);
        String newKey = rotated.json().path("key").asString();
        assertThat(newKey).isNotEqualTo(key);
        assertThat(rotated.json().path("rotatedFrom").asString()).isEqualTo(id);
        assertThat(http().get("/api/auth/me", "X-API-Key", key).status()).isEqualTo(401);
        assertThat(http().get("/api/auth/me", "X-API-Key", newKey).status()).isEqualTo(200);

        String newId = rotated.json().path("id").asString();
        assertThat(http().post("/api/api-keys/" + newId + "/revoke", null, Http.bearer(user.token())).status()).isEqualTo(200);
        assertThat(http().get("/api/auth/me", "X-API-Key", newKey).status()).isEqualTo(401);
        assertThat(http().send("DELETE", "/api/api-keys/" + newId, null, Http.bearer(user.token())).status()).isEqualTo(204);
        assertThat(http().get("/api/api-keys/" + newId, Http.bearer(user.token())).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action LIKE 'api_key.%' AND org_id = CAST(:o AS uuid)")
                .param("o", user.orgId()).query(Integer.class).single()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void expiredKeysStopWorkingAndPastExpiryIsRefused() {
        User user = register(unique("expiry"), "Expiry Org");
        assertThat(http().post("/api/api-keys", Map.of("name", "old", "expiresAt", OffsetDateTime.now().minusDays(1).toString()),
                Http.bearer(user.token())).status()).isEqualTo(400);
        Http.Response created = http().post("/api/api-keys", Map.of("name", "soon", "expiresAt",
                OffsetDateTime.now().plusDays(1).toString()), Http.bearer(user.token()));
        String key = created.json().path("key").asString();
        jdbc.sql("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = CAST(:id AS uuid)")
                .param("id", created.json().path("id").asString()).update();
        assertThat(http().get("/api/auth/me", "X-API-Key", key).status()).isEqualTo(401);
    }

    @Test
    void orgAdminsListAndRevokeTheirMembersKeys() {
        User admin = register(unique("org-keys"), "Org Keys");
        User member = join(admin, admin.orgId(), register(unique("org-keys-m"), null), "member");
        Http.Response created = http().post("/api/api-keys", Map.of("name", "member key"), Http.bearer(member.token()));
        String id = created.json().path("id").asString();
        assertThat(http().get("/api/api-keys?orgId=" + admin.orgId(), Http.bearer(admin.token())).body()).contains(id);
        assertThat(http().get("/api/api-keys?orgId=" + admin.orgId(), Http.bearer(member.token())).status()).isEqualTo(403);
        assertThat(http().post("/api/api-keys/" + id + "/revoke", null, Http.bearer(admin.token())).status()).isEqualTo(200);
        assertThat(http().post("/api/api-keys/" + id + "/rotate", null, Http.bearer(admin.token())).status())
                .as("rotation mints a key acting as the creator: creator only").isEqualTo(404);
    }

    @Test
    void othersKeysAre404AndKeysCannotMintKeys() {
        User a = register(unique("keys-a"), "Keys A");
        User b = register(unique("keys-b"), "Keys B");
        Http.Response created = http().post("/api/api-keys", Map.of("name", "a"), Http.bearer(a.token()));
        String id = created.json().path("id").asString();
        assertThat(http().get("/api/api-keys/" + id, Http.bearer(b.token())).status()).isEqualTo(404);
        assertThat(http().post("/api/api-keys/" + id + "/revoke", null, Http.bearer(b.token())).status()).isEqualTo(404);
        assertThat(http().send("DELETE", "/api/api-keys/" + id, null, Http.bearer(b.token())).status()).isEqualTo(404);
        assertThat(http().post("/api/api-keys", Map.of("name", "child"), "X-API-Key", created.json().path("key").asString())
                .status()).isEqualTo(403);
        assertThat(http().post("/api/api-keys", Map.of("name", "elsewhere", "orgId", a.orgId()), Http.bearer(b.token()))
                .status()).isEqualTo(404);
    }
}
