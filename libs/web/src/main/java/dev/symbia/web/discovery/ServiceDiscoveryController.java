package dev.symbia.web.discovery;

import dev.symbia.web.config.SymbiaServiceProperties;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code GET /api/bootstrap/service}: what this service is and what it serves, read from its own
 * handler mappings so the list can never drift from the code.
 */
@RestController
public class ServiceDiscoveryController {

    private final String serviceName;
    private final SymbiaServiceProperties properties;
    private final ObjectProvider<BuildProperties> buildProperties;
    private final Supplier<RequestMappingHandlerMapping> mappings;
    private volatile List<ServiceDescription.Endpoint> endpoints;

    public ServiceDiscoveryController(String serviceName, SymbiaServiceProperties properties,
            ObjectProvider<BuildProperties> buildProperties, Supplier<RequestMappingHandlerMapping> mappings) {
        this.serviceName = serviceName;
        this.properties = properties;
        this.buildProperties = buildProperties;
        this.mappings = mappings;
    }

    @Operation(summary = "Describe this service: version, docs, health and endpoints")
    @GetMapping("/api/bootstrap/service")
    public ServiceDescription describe() {
        BuildProperties build = buildProperties.getIfAvailable();
        String version = build != null && build.getVersion() != null ? build.getVersion() : "dev";
        return new ServiceDescription(
                serviceName,
                version,
                properties.description(),
                properties.scaffold() ? "scaffold" : "ready",
                properties.scaffold(),
                Map.of("openapi", "/docs/openapi.json", "swagger", "/docs"),
                Map.of("health", "/health", "live", "/health/live", "ready", "/health/ready"),
                endpoints(),
                List.of("bearer", "cookie:token", "apiKey"));
    }

    private List<ServiceDescription.Endpoint> endpoints() {
        List<ServiceDescription.Endpoint> known = endpoints;
        if (known == null) {
            known = mappings.get().getHandlerMethods().entrySet().stream()
                    .flatMap(entry -> describe(entry.getKey(), entry.getValue()).stream())
                    .sorted(Comparator.comparing(ServiceDescription.Endpoint::path)
                            .thenComparing(ServiceDescription.Endpoint::method))
                    .toList();
            endpoints = known;
        }
        return known;
    }

    private static List<ServiceDescription.Endpoint> describe(RequestMappingInfo info, HandlerMethod handler) {
        Operation operation = handler.getMethodAnnotation(Operation.class);
        String summary = operation != null && !operation.summary().isBlank() ? operation.summary() : "";
        var methods = info.getMethodsCondition().getMethods();
        List<String> verbs = methods.isEmpty() ? List.of("ANY") : methods.stream().map(Enum::name).sorted().toList();
        return info.getPatternValues().stream()
                .filter(path -> path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/.well-known/"))
                .flatMap(path -> verbs.stream().map(verb -> new ServiceDescription.Endpoint(verb, path, summary)))
                .filter(Objects::nonNull)
                .toList();
    }
}
