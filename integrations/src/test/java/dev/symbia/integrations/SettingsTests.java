package dev.symbia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Every settings record binds under {@code symbia.integrations.*} from application.yml and is validated at
 * startup: a bad value stops the service with the property's name instead of failing a call later.
 */
class SettingsTests {

    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan(basePackageClasses = IntegrationsApplication.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Settings.class);

    @Test
    void theShippedConfigurationBindsAndValidates() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void badValuesStopTheServiceNamingTheProperty() {
        for (String bad : new String[] {"symbia.integrations.execution.max-attempts=3",
                "symbia.integrations.timeouts.idle=0s", "symbia.integrations.circuit-breaker.window-size=0",
                "symbia.integrations.vault.timeout=-1s", "symbia.integrations.usage.budget.org-daily-tokens=-5",
                "symbia.integrations.realtime.attempts=0", "symbia.integrations.deployments.summary-attempts=0"}) {
            runner.withPropertyValues(bad).run(context -> assertThat(context).as(bad).getFailure()
                    .rootCause().hasMessageContaining(field(bad)));
        }
    }

    // "a.b.max-attempts=3" → "maxAttempts", as the validation error names it.
    private static String field(String assignment) {
        String name = assignment.substring(assignment.lastIndexOf('.', assignment.indexOf('=')) + 1, assignment.indexOf('='));
        StringBuilder camel = new StringBuilder();
        for (String part : name.split("-")) {
            camel.append(camel.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return camel.toString();
    }

    @Test
    void theOldPrefixNoLongerBinds() {
        // integrations.* was the prefix before symbia.integrations.*; a stale override is ignored, not half-applied.
        runner.withPropertyValues("integrations.execution.max-attempts=3").run(context -> assertThat(context).hasNotFailed());
    }
}
