package dev.symbia.messaging.peers;

import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.core.SymbiaService;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where messaging reaches the other services: the one place their base URLs are resolved. libs/core's
 * {@link SymbiaService#url} reads {@code <SERVICE>_SERVICE_URL} (else localhost on the default port); identity is
 * the one libs/auth talks to ({@code symbia.auth.identity-url} first), so tokens and memberships come from the
 * same identity.
 */
@Component
public class ServiceUrls {

    private final Environment environment;
    private final SymbiaAuthProperties auth;

    ServiceUrls(Environment environment, SymbiaAuthProperties auth) {
        this.environment = environment;
        this.auth = auth;
    }

    /** The service's base URL, without a trailing slash. */
    public String of(SymbiaService service) {
        String key = service.envPrefix() + "_SERVICE_URL";
        String configured = service == SymbiaService.IDENTITY && !auth.identityUrl().isBlank()
                ? auth.identityUrl() : environment.getProperty(key);
        return service.url(configured == null ? Map.of() : Map.of(key, configured));
    }
}
