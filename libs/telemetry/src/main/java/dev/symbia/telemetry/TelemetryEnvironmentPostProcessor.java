package dev.symbia.telemetry;

import dev.symbia.core.RuntimeMode;
import dev.symbia.core.SymbiaService;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every service's OTLP exporters (traces, metrics, logs) at the logging service by default,
 * or at {@code OTEL_EXPORTER_OTLP_ENDPOINT} when set (any collector). Tests export nothing unless
 * they ask to, and {@code symbia.telemetry.export.enabled=false} turns export off anywhere.
 * Added last, so explicit {@code management.*} settings still win.
 */
public class TelemetryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("management.tracing.sampling.probability", environment.getProperty("SYMBIA_TRACE_SAMPLING", "1.0"));
        properties.put("management.tracing.propagation.produce", "W3C");
        properties.put("management.tracing.propagation.consume", "W3C");
        // Trace context only: no service reads or sets baggage, and its propagator and MDC correlation ran on every
        // request and every scope change. traceparent still crosses every hop.
        properties.put("management.tracing.baggage.enabled", "false");
        // Spring Security's filter-chain observations add a dozen spans per request and no insight.
        properties.put("management.observations.enable.spring.security", "false");

        RuntimeMode mode = RuntimeMode.parse(environment.getProperty(RuntimeMode.ENV));
        boolean enabled = environment.getProperty("symbia.telemetry.export.enabled", Boolean.class, mode != RuntimeMode.TEST);
        // A placeholder, not a value: resolved when the exporters are built, so later property
        // sources (command line, tests) can still supply the endpoint.
        String base = "${OTEL_EXPORTER_OTLP_ENDPOINT:${" + SymbiaService.LOGGING.envPrefix() + "_SERVICE_URL:http://localhost:"
                + SymbiaService.LOGGING.defaultPort() + "}}";
        if (enabled) {
            properties.put("management.opentelemetry.tracing.export.otlp.endpoint", base + "/v1/traces");
            properties.put("management.opentelemetry.logging.export.otlp.endpoint", base + "/v1/logs");
            properties.put("management.otlp.metrics.export.url", base + "/v1/metrics");
            properties.put("management.otlp.metrics.export.step", "30s");
            // Delta points can be summed over any time bucket; cumulative ones cannot.
            properties.put("management.otlp.metrics.export.aggregation-temporality", "delta");
            // Short timeouts: a slow or absent collector must never hold up a service.
            properties.put("management.opentelemetry.tracing.export.otlp.timeout", "5s");
            properties.put("management.opentelemetry.logging.export.otlp.timeout", "5s");
            properties.put("management.opentelemetry.tracing.export.schedule-delay", "2s");
        } else {
            properties.put("management.otlp.metrics.export.enabled", "false");
            properties.put("management.tracing.export.otlp.enabled", "false");
            properties.put("management.logging.export.otlp.enabled", "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource("symbia-telemetry", properties));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
