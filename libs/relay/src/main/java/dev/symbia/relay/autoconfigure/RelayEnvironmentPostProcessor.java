package dev.symbia.relay.autoconfigure;

import dev.symbia.core.SymbiaService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the platform's environment variables onto {@code symbia.relay.*} underneath everything else:
 * {@code NETWORK_RELAY_ENABLED} → {@code enabled}, {@code NETWORK_SERVICE_URL} (else the network's
 * default address from the service map) → {@code url}. When the relay is on, also adds
 * {@code network} to {@code symbia.auth.internal-callers}, so the network's HTTP deliveries to
 * {@code /api/internal/network/events} pass libs/auth's allow-list without every service saying so.
 */
public class RelayEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String INTERNAL_CALLERS = "symbia.auth.internal-callers";
    static final String NETWORK = SymbiaService.NETWORK.id();

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
        if (environment.getProperty("symbia.relay.enabled", Boolean.class, true)) {
            admitNetwork(environment);
        }
    }

    /**
     * A list property is not merged across property sources (the highest one wins whole), so the
     * service's own callers are read as configured (this runs after application.yml is loaded) and
     * the list with {@code network} added goes on top.
     */
    private static void admitNetwork(ConfigurableEnvironment environment) {
        List<String> callers = new ArrayList<>(Binder.get(environment)
                .bind(INTERNAL_CALLERS, Bindable.listOf(String.class)).orElse(List.of()));
        if (callers.contains(NETWORK)) {
            return;
        }
        callers.add(NETWORK);
        environment.getPropertySources().addFirst(new MapPropertySource("symbia-relay-internal-callers",
                Map.of(INTERNAL_CALLERS, String.join(",", callers))));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
