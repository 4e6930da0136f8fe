package dev.symbia.identity.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTests extends IdentityTestBase {

    private static void assertLimited(Http.Response response) {
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().path("code").asString()).isEqualTo("rate-limited");
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                value -> assertThat(Long.parseLong(value)).isPositive());
    }

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPassword() {
        String email = unique("lock");
        register(email, null);
        for (int i = 0; i < 5; i++) {
            assertThat(http().post("/api/auth/login", Map.of("email", email, "password", "wrong-" + i)).status()).isEqualTo(401);
        }
        assertLimited(http().post("/api/auth/login", Map.of("email", email, "password", PASSWORD)));
        assertLimited(http().post("/api/auth/login", Map.of("email", email.toUpperCase(), "password", PASSWORD)));
    }

    @Test
    void successResetsTheFailureCount() {
        String email = unique("reset-count");
        register(email, null);
        for (int i = 0; i < 4; i++) {
            http().post("/api/auth/login", Map.of("email", email, "password", "wrong-" + i));
        }
        assertThat(http().post("/api/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(http().post("/api/auth/login", Map.of("email", email, "password", "wrong-" + i)).status()).isEqualTo(401);
        }
    }

    @Test
    void loginsPerIpAreLimited() {
        String ip = "203.0.113.7";
        for (int i = 0; i < 30; i++) {
            assertThat(http().post("/api/auth/login", Map.of("email", unique("ip"), "password", "whatever1"),
                    "X-Forwarded-For", ip).status()).isEqualTo(401);
        }
        assertLimited(http().post("/api/auth/login", Map.of("email", unique("ip"), "password", "whatever1"), "X-Forwarded-For", ip));
        assertThat(http().post("/api/auth/login", Map.of("email", unique("ip"), "password", "whatever1"),
                "X-Forwarded-For", "203.0.113.8").status()).as("another client is not affected").isEqualTo(401);
    }

    @Test
    void registrationsPerIpAreLimited() {
        String ip = "203.0.113.20";
        for (int i = 0; i < 10; i++) {
            assertThat(http().post("/api/auth/register", Map.of("email", unique("burst"), "password", PASSWORD, "name", "B"),
                    "X-Forwarded-For", ip).status()).isEqualTo(201);
        }
        assertLimited(http().post("/api/auth/register", Map.of("email", unique("burst"), "password", PASSWORD, "name", "B"),
                "X-Forwarded-For", ip));
    }

    @Test
    void passwordResetRequestsPerAccountAreLimited() {
        String email = unique("reset-burst");
        register(email, null);
        for (int i = 0; i < 3; i++) {
            assertThat(http().post("/api/auth/forgot-password", Map.of("email", email)).status()).isEqualTo(202);
        }
        assertLimited(http().post("/api/auth/forgot-password", Map.of("email", email)));
    }

    @Test
    void agentLoginFailuresAreLimited() {
        String agentId = "agent:brute-" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(http().post("/api/auth/agent/login", Map.of("agentId", agentId, "credential", "guess-" + i)).status())
                    .isEqualTo(401);
        }
        assertLimited(http().post("/api/auth/agent/login", Map.of("agentId", agentId, "credential", "guess")));
    }
}
