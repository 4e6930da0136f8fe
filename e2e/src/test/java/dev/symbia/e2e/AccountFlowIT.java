package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A new user's first minutes, black-box through the gateway: register, sign in, see themselves,
 * make an API key, use it on another service, revoke it, and see it refused there within the
 * 30 s introspection cache.
 */
@ExtendWith(StackExtension.class)
class AccountFlowIT {

    private static final String JSON = "application/json";

    @Test
    void registerLoginMeApiKeyUseRevoke(Gateway gateway) {
        String email = "e2e-" + UUID.randomUUID() + "@example.test";
        String password = "a long enough passphrase";

        Gateway.Response registered = gateway.post("/api/identity/auth/register", JSON,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"E2E\",\"orgName\":\"E2E Org\"}");
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        String orgId = registered.json().path("organization").path("id").asString();
        assertThat(orgId).isNotBlank();

        Gateway.Response login = gateway.post("/api/identity/auth/login", JSON,
                "{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).as("emails are case-insensitive: %s", login).isEqualTo(200);
        String token = login.json().path("token").asString();
        assertThat(login.json().path("refreshToken").asString()).isNotBlank();

        Gateway.Response me = gateway.get("/api/identity/auth/me", "Authorization", "Bearer " + token);
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        assertThat(me.json().path("user").path("email").asString()).isEqualToIgnoringCase(email);

        Gateway.Response created = gateway.post("/api/identity/api-keys", JSON,
                "{\"name\":\"e2e\",\"orgId\":\"" + orgId + "\"}", "Authorization", "Bearer " + token);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String key = created.json().path("key").asString();
        String keyId = created.json().path("id").asString();
        assertThat(key).matches("sk_[0-9a-f]{64}");

        // Another service accepts the key (verified through identity's introspection).
        Gateway.Response models = gateway.get("/v1/models", "Authorization", "Bearer " + key);
        assertThat(models.status()).as("%s", models).isEqualTo(200);
        assertThat(models.json().path("object").asString()).isEqualTo("list");

        Gateway.Response revoked = gateway.post("/api/identity/api-keys/" + keyId + "/revoke", JSON, "{}",
                "Authorization", "Bearer " + token);
        assertThat(revoked.status()).as("%s", revoked).isBetween(200, 204);

        // Revocation reaches every service within the 30 s cache bound.
        await().atMost(Duration.ofSeconds(35)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Gateway.Response refused = gateway.get("/v1/models", "Authorization", "Bearer " + key);
            assertThat(refused.status()).as("%s", refused).isEqualTo(401);
            assertThat(refused.isProblem()).isTrue();
        });
    }

    @Test
    void protectedEndpointsRefuseAnonymousCallersWithProblems(Gateway gateway) {
        for (String path : new String[] {"/v1/models", "/api/integrations/providers", "/api/network/registry/nodes",
                "/api/identity/auth/me", "/api/identity/api-keys"}) {
            Gateway.Response response = gateway.get(path);
            assertThat(response.status()).as("%s", response).isEqualTo(401);
            assertThat(response.isProblem()).as("%s", response).isTrue();
        }
        Gateway.Response tampered = gateway.get("/api/identity/auth/me", "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.");
        assertThat(tampered.status()).as("%s", tampered).isEqualTo(401);
        JsonNode problem = tampered.json();
        assertThat(problem.path("code").asString()).isEqualTo("unauthenticated");
    }
}
