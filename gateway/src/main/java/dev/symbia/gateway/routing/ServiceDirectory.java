package dev.symbia.gateway.routing;

import dev.symbia.core.SymbiaService;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * Where each of the nine services answers: {@code <SERVICE>_SERVICE_URL}, else
 * {@code http://localhost:<default port>}. Read once at startup; a malformed URL stops the gateway
 * with a message naming the variable rather than failing on the first request.
 */
public final class ServiceDirectory {

    private final Map<SymbiaService, URI> urls;

    private ServiceDirectory(Map<SymbiaService, URI> urls) {
        this.urls = urls;
    }

    static ServiceDirectory from(Environment environment) {
        Map<SymbiaService, URI> urls = new EnumMap<>(SymbiaService.class);
        for (SymbiaService service : SymbiaService.values()) {
            String key = service.envPrefix() + "_SERVICE_URL";
            String configured = environment.getProperty(key);
            Map<String, String> env = configured == null ? Map.of() : Map.of(key, configured);
            urls.put(service, validated(key, service.url(env)));
        }
        return new ServiceDirectory(urls);
    }

    public URI url(SymbiaService service) {
        return urls.get(service);
    }

    /**
     * identity's base URL without a trailing slash: {@code override} when set (the services'
     * {@code symbia.auth.identity-url}), else identity's entry here.
     */
    public String identityUrl(String override) {
        String url = override == null || override.isBlank() ? url(SymbiaService.IDENTITY).toString() : override.trim();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static URI validated(String key, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + " is not a valid URL");
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        // The gateway keeps the request path, so a path in the service URL would be silently ignored.
        boolean originOnly = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()))
                && uri.getRawQuery() == null && uri.getRawUserInfo() == null;
        if (!http || uri.getHost() == null || !originOnly) {
            throw new IllegalStateException(key + " must be an http(s) origin such as http://messaging:5005 (no path, query or credentials)");
        }
        return uri;
    }
}
