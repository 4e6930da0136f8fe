package dev.symbia.gateway.telemetry;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Whether the gateway exports its own traces, metrics and logs: {@code GATEWAY_TELEMETRY_EXPORT}
 * when set; otherwise only when {@code INTERNAL_SERVICE_SECRET} is set, since logging accepts
 * telemetry only with a service token and the gateway needs the secret to get one
 * ({@link GatewayTelemetryConfiguration}) — then libs/telemetry's default applies (on, except in
 * tests). An explicit {@code symbia.telemetry.export.enabled} wins over both. Runs just before
 * libs/telemetry's post-processor, which reads the outcome.
 */
public class GatewayTelemetryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String EXPORT_ENABLED = "symbia.telemetry.export.enabled";
    static final String GATEWAY_TELEMETRY_EXPORT = "GATEWAY_TELEMETRY_EXPORT";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(EXPORT_ENABLED)) {
            return;
        }
        String explicit = environment.getProperty(GATEWAY_TELEMETRY_EXPORT);
        String enabled;
        if (explicit != null && !explicit.isBlank()) {
            enabled = explicit.trim();
        } else if (!isSet(environment, GatewayTelemetryConfiguration.INTERNAL_SERVICE_SECRET)) {
            enabled = "false";
        } else {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("symbia-gateway-telemetry", Map.of(EXPORT_ENABLED, enabled)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    private static boolean isSet(ConfigurableEnvironment environment, String name) {
        try {
            String value = environment.getProperty(name);
            return value != null && !value.isBlank();
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return true; // e.g. ${...} from a property source added later (tests): set, just not yet resolvable
        }
    }
}
