package dev.symbia.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh user in a fresh org, registered and signed in through the gateway. Identity allows ten
 * registrations per address and minute, and every IT class registers from 127.0.0.1: a class registers
 * the few accounts it needs once, and a registration refused with 429 waits for the next window.
 */
public record Account(String email, String token, String orgId) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "a long enough passphrase";

    public static Account register(Gateway gateway, String prefix) {
        String email = prefix + "-" + UUID.randomUUID() + "@example.test";
        String body = JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD, "name", prefix,
                "orgName", prefix + " org"));
        Gateway.Response[] registered = new Gateway.Response[1];
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(5)).until(() -> {
            registered[0] = gateway.post("/api/identity/auth/register", "application/json", body);
            return registered[0].status() != 429;
        });
        assertThat(registered[0].status()).as("%s", registered[0]).isEqualTo(201);
        Gateway.Response login = gateway.post("/api/identity/auth/login", "application/json",
                JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD)));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return new Account(email, login.json().path("token").asString(),
                registered[0].json().path("organization").path("id").asString());
    }

    /** Signs in again: a fresh token that carries memberships gained since (e.g. an invitation). */
    public Account relogin(Gateway gateway) {
        Gateway.Response login = gateway.post("/api/identity/auth/login", "application/json",
                JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD)));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return new Account(email, login.json().path("token").asString(), orgId);
    }

    public String bearer() {
        return "Bearer " + token;
    }

    /** Stores a vendor token in this person's vault (identity's credentials); the answer never echoes it. */
    public void storeCredential(Gateway gateway, String provider, String apiKey) {
        Gateway.Response stored = gateway.post("/api/identity/credentials", "application/json",
                JSON.writeValueAsString(Map.of("provider", provider, "name", provider + " e2e", "apiKey", apiKey)),
                "Authorization", bearer());
        assertThat(stored.status()).as("%s", stored).isEqualTo(201);
        assertThat(stored.toString()).doesNotContain(apiKey);
    }
}
