package dev.symbia.web.config;

import dev.symbia.core.SymbiaService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the platform's web defaults (virtual threads, graceful shutdown, health aliases, docs
 * paths, …) underneath everything else, so a service's own configuration can still change any of
 * them. Also gives each service its port: {@code <SERVICE>_PORT}, then {@code PORT}, then the
 * default from the service map.
 */
public class WebDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULTS = "symbia-web-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("symbia-web-defaults",
                    new ClassPathResource(DEFAULTS, WebDefaultsEnvironmentPostProcessor.class.getClassLoader())));
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + DEFAULTS, e);
        }
        SymbiaService.byId(environment.getProperty("spring.application.name")).ifPresent(service ->
                environment.getPropertySources().addLast(new MapPropertySource("symbia-service-port", Map.of(
                        "server.port", "${" + service.envPrefix() + "_PORT:${PORT:" + service.defaultPort() + "}}"))));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
