package dev.symbia.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** The gateway's settings records are validated: a bad value stops the start and names the setting. */
class SettingsValidationTests {

    @Test
    void aNonPositiveRateLimitCapacityStopsTheStartNamingIt() {
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.setWebApplicationType(WebApplicationType.REACTIVE);
        Throwable failure = null;
        try (var ignored = application.run("--server.port=0", "--symbia.gateway.rate-limit.capacity=0",
                "--spring.main.banner-mode=off")) {
            // started: the assertion below fails
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).as("the start must fail").isNotNull();
        Throwable root = failure;
        StringBuilder messages = new StringBuilder();
        while (root != null) {
            messages.append(root.getMessage()).append('\n');
            root = root.getCause();
        }
        assertThat(messages.toString()).contains("symbia.gateway.rate-limit").contains("capacity");
    }
}
