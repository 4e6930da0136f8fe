package dev.symbia.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.telemetry.TelemetryEnvironmentPostProcessor;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/**
 * The gateway's export switch, over its real application.yml and followed by libs/telemetry's
 * post-processor as at startup: on by default once INTERNAL_SERVICE_SECRET is set (outside tests),
 * off without it, GATEWAY_TELEMETRY_EXPORT overriding both.
 */
class GatewayTelemetryEnvironmentPostProcessorTests {

    private static final String TRACES_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    private static MockEnvironment environment(String... keyValues) throws IOException {
        MockEnvironment environment = new MockEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        for (int i = 0; i < keyValues.length; i += 2) {
            environment.setProperty(keyValues[i], keyValues[i + 1]);
        }
        new GatewayTelemetryEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        new TelemetryEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        return environment;
    }

    private static boolean exports(MockEnvironment environment) {
        return environment.containsProperty(TRACES_ENDPOINT)
                && !"false".equals(environment.getProperty("management.tracing.export.otlp.enabled"));
    }

    @Test
    void onByDefaultWhenTheServiceSecretIsSet() throws Exception {
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", "s3cret"))).isTrue();
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", "s3cret", "SYMBIA_ENV", "development"))).isTrue();
    }

    @Test
    void offWithoutTheServiceSecret() throws Exception {
        assertThat(exports(environment())).isFalse();
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", " "))).isFalse();
        assertThat(environment().getProperty("symbia.telemetry.export.enabled")).isEqualTo("false");
    }

    @Test
    void testsExportNothingUnlessTheyAsk() throws Exception {
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", "s3cret", "SYMBIA_ENV", "test"))).isFalse();
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", "s3cret", "SYMBIA_ENV", "test",
                "GATEWAY_TELEMETRY_EXPORT", "true"))).isTrue();
    }

    @Test
    void gatewayTelemetryExportOverrides() throws Exception {
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", "s3cret", "GATEWAY_TELEMETRY_EXPORT", "false"))).isFalse();
        assertThat(exports(environment("GATEWAY_TELEMETRY_EXPORT", "true"))).as("an open collector needs no token").isTrue();
    }

    @Test
    void anExplicitExportSettingWinsOverBoth() throws Exception {
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", "s3cret", "GATEWAY_TELEMETRY_EXPORT", "true",
                "symbia.telemetry.export.enabled", "false"))).isFalse();
    }

    @Test
    void aSecretStillToBeResolvedCountsAsSet() throws Exception {
        assertThat(exports(environment("INTERNAL_SERVICE_SECRET", "${not.yet.there}"))).isTrue();
    }
}
