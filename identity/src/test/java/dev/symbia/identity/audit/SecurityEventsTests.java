package dev.symbia.identity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Identity's security events reach the relay with ids only: no password, key, token or email. */
class SecurityEventsTests extends IdentityTestBase {

    @AfterEach
    void repair() {
        relay.failing(false);
    }

    private List<RecordingRelay.Published> events(String type, String field, String value) {
        return relay.published().stream()
                .filter(e -> e.type().equals(type) && value.equals(e.data().path(field).asString(null)))
                .toList();
    }

    @Test
    void aFailedLoginIsPublishedWithoutPasswordOrEmail() {
        User user = register(unique("failed"), null);
        String wrongPassword = "wrong-password-" + System.nanoTime();
        assertThat(http().post("/api/auth/login", Map.of("email", user.email(), "password", wrongPassword)).status())
                .isEqualTo(401);

        List<RecordingRelay.Published> failed = events(SecurityEvents.LOGIN_FAILED, "principalId", user.id());
        assertThat(failed).hasSize(1);
        JsonNode data = failed.getFirst().data();
        assertThat(data.path("principalType").asString()).isEqualTo("user");
        assertThat(data.has("ip")).isTrue();
        assertThat(failed.getFirst().canonical()).doesNotContain(wrongPassword, PASSWORD, user.email(),
                user.email().substring(0, user.email().indexOf('@')));

        // An unknown account: still an event, identifying nobody.
        String unknown = unique("nobody");
        int before = relay.published().size();
        assertThat(http().post("/api/auth/login", Map.of("email", unknown, "password", wrongPassword)).status())
                .isEqualTo(401);
        List<RecordingRelay.Published> after = relay.published().subList(before, relay.published().size());
        assertThat(after).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(SecurityEvents.LOGIN_FAILED);
            assertThat(e.data().has("principalId")).isFalse();
            assertThat(e.canonical()).doesNotContain(unknown, wrongPassword);
        });
    }

    @Test
    void apiKeyCreationAndRevocationCarryIdsAndPrefixOnly() {
        User user = register(unique("keys"), "Events Org");
        Http.Response created = http().post("/api/api-keys", Map.of("name", "ci"), Http.bearer(user.token()));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asString();
        String key = created.json().path("key").asString();

        List<RecordingRelay.Published> creation = events(SecurityEvents.API_KEY_CREATED, "keyId", id);
        assertThat(creation).hasSize(1);
        JsonNode data = creation.getFirst().data();
        assertThat(key).startsWith(data.path("prefix").asString());
        assertThat(data.path("orgId").asString()).isEqualTo(user.orgId());
        assertThat(data.path("actorId").asString()).isEqualTo(user.id());
        assertThat(creation.getFirst().canonical()).doesNotContain(key, user.token());

        assertThat(http().post("/api/api-keys/" + id + "/revoke", null, Http.bearer(user.token())).status()).isEqualTo(200);
        List<RecordingRelay.Published> revoked = events(SecurityEvents.API_KEY_REVOKED, "keyId", id);
        assertThat(revoked).hasSize(1);
        assertThat(revoked.getFirst().data().path("reason").asString()).isEqualTo("revoked");
        assertThat(revoked.getFirst().canonical()).doesNotContain(key);
    }

    @Test
    void storingACredentialIsPublishedWithItsProviderButNeverItsSecret() {
        User user = register(unique("vault"), "Vault Events Org");
        String secret = "sk-never-published-" + System.nanoTime();
        Http.Response created = http().post("/api/credentials",
                Map.of("provider", "sambanova", "name", "mine", "apiKey", secret), Http.bearer(user.token()));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asString();

        List<RecordingRelay.Published> stored = events(SecurityEvents.CREDENTIAL_CREATED, "credentialId", id);
        assertThat(stored).hasSize(1);
        JsonNode data = stored.getFirst().data();
        assertThat(data.path("provider").asString()).isEqualTo("sambanova");
        assertThat(data.path("orgWide").asBoolean(true)).isFalse();
        assertThat(data.path("orgId").asString()).isEqualTo(user.orgId());
        assertThat(data.path("actorId").asString()).isEqualTo(user.id());
        assertThat(stored.getFirst().canonical()).doesNotContain(secret, secret.substring(0, 12), user.token());
    }

    @Test
    void aRoleChangeIsPublished() {
        User admin = register(unique("role-admin"), "Role Org");
        User member = join(admin, admin.orgId(), register(unique("role-member"), null), "member");
        String membership = null;
        for (JsonNode m : http().get("/api/orgs/" + admin.orgId(), Http.bearer(admin.token())).json().path("members")) {
            if (m.path("userId").asString().equals(member.id())) {
                membership = m.path("id").asString();
            }
        }
        assertThat(http().send("PATCH", "/api/orgs/" + admin.orgId() + "/members/" + membership, Map.of("role", "admin"),
                Http.bearer(admin.token())).status()).isEqualTo(200);

        List<RecordingRelay.Published> changed = events(SecurityEvents.ROLE_CHANGED, "userId", member.id());
        assertThat(changed).hasSize(1);
        JsonNode data = changed.getFirst().data();
        assertThat(data.path("from").asString()).isEqualTo("member");
        assertThat(data.path("to").asString()).isEqualTo("admin");
        assertThat(data.path("orgId").asString()).isEqualTo(admin.orgId());
    }

    @Test
    void aBrokenRelayNeverFailsTheRequest() {
        User user = register(unique("broken"), "Broken Org");
        relay.failing(true);
        assertThat(http().post("/api/auth/login", Map.of("email", user.email(), "password", "nope-nope-nope")).status())
                .isEqualTo(401);
        assertThat(http().post("/api/api-keys", Map.of("name", "still works"), Http.bearer(user.token())).status())
                .isEqualTo(201);
        assertThat(http().post("/api/auth/login", Map.of("email", user.email(), "password", PASSWORD)).status())
                .isEqualTo(200);
    }
}
