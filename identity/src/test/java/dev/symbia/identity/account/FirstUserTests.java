package dev.symbia.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Without SYMBIA_ADMIN_EMAIL the first user to register becomes super admin, the second does not,
 * and nothing is seeded. Same configuration as the contract test, so it shares that context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FirstUserTests {

    @LocalServerPort
    int port;

    @Test
    void firstRegisteredUserBecomesSuperAdminAndNoAccountIsSeeded() {
        Http http = new Http(port);
        assertThat(http.post("/api/auth/login", Map.of("email", "dev@example.com", "password", "password123")).status())
                .as("no default account").isEqualTo(401);
        Http.Response first = http.post("/api/auth/register", Map.of("email", "first@example.test", "password", "first password", "name", "First"));
        Http.Response second = http.post("/api/auth/register", Map.of("email", "second@example.test", "password", "second password", "name", "Second"));
        assertThat(first.json().path("user").path("isSuperAdmin").asBoolean()).isTrue();
        assertThat(second.json().path("user").path("isSuperAdmin").asBoolean()).isFalse();
    }
}
