package dev.symbia.relay.autoconfigure;

import dev.symbia.core.SymbiaService;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the platform's environment variables onto {@code symbia.relay.*} underneath everything else:
 * {@code NETWORK_RELAY_ENABLED} → {@code enabled}, {@code NETWORK_SERVICE_URL} (else the network's
 * default address from the service map) → {@code url}.
 */
public class RelayEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, String> env = new HashMap<>();
        String url = environment.getProperty("NETWORK_SERVICE_URL");
        if (url != null) {
            env.put("NETWORK_SERVICE_URL", url);
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("symbia.relay.enabled", environment.getProperty("NETWORK_RELAY_ENABLED", "true"));
        properties.put("symbia.relay.url", SymbiaService.NETWORK.url(env));
        environment.getPropertySources().addLast(new MapPropertySource("symbia-relay-defaults", properties));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
