package dev.symbia.gateway.console;

import dev.symbia.gateway.problem.GatewayProblemException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The console (issue 24), served at {@code /}: index.html (never cached, with a strict Content-Security-Policy)
 * for {@code /} and for any page path the browser navigates to, and the versioned assets under
 * {@code /assets/<version>/} (cached for a year). Router functions run before the gateway's routes, so the
 * page fallback is restricted to navigations (GET accepting HTML) outside every routed or reserved prefix:
 * {@code /api}, {@code /v1}, {@code /svc} and {@code /.well-known} always reach their services or the gateway's
 * own 404 problem.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleConfiguration {

    /** First path segments the console never answers (routes, the gateway's own endpoints). */
    static final Set<String> RESERVED = Set.of("api", "v1", "svc", ".well-known", "actuator", "health", "assets");

    /**
     * No inline script or style anywhere (nonce-free, hash-free); same-origin fetch, EventSource and WebSocket
     * only (plus the Supabase project when its sign-in is configured); DOM injection sinks accept only
     * lit-html's Trusted Types policy and the console's "default" policy, which lets nothing through but the
     * empty string (ECharts clears its container with {@code innerHTML = ""}); never framed.
     */
    static String contentSecurityPolicy(Optional<String> supabaseOrigin) {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'" + supabaseOrigin.map(origin -> " " + origin).orElse(""),
                "manifest-src 'self'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'",
                "object-src 'none'",
                "require-trusted-types-for 'script'",
                "trusted-types lit-html default");
    }

    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    @Bean
    ConsoleAssets consoleAssets(ConsoleProperties properties) {
        // The Supabase sign-in's settings reach the page as meta elements (no inline script to carry them).
        String config = properties.supabaseOrigin()
                .map(origin -> "<meta name=\"symbia-supabase-url\" content=\"" + origin + "\">\n  "
                        + "<meta name=\"symbia-supabase-anon-key\" content=\"" + properties.safeAnonKey() + "\">")
                .orElse("");
        return ConsoleAssets.load(ConsoleConfiguration.class.getClassLoader(), config);
    }

    @Bean
    RouterFunction<ServerResponse> consoleRoutes(ConsoleAssets assets, ConsoleProperties properties) {
        String policy = contentSecurityPolicy(properties.supabaseOrigin());
        return RouterFunctions.route()
                .GET("/", request -> index(assets, policy))
                .GET("/assets/{version}/**", request -> asset(assets, request))
                .GET(RequestPredicates.GET("/**").and(ConsoleConfiguration::isPageNavigation), request -> index(assets, policy))
                .build();
    }

    /** A browser navigating to a page of the console: GET, accepts HTML, outside reserved prefixes, no file extension. */
    static boolean isPageNavigation(ServerRequest request) {
        String path = request.requestPath().pathWithinApplication().value();
        String[] segments = path.split("/");
        String first = segments.length > 1 ? segments[1] : "";
        if (first.isEmpty() || RESERVED.contains(first) || path.contains("/internal/") || path.contains("//")) {
            return false;
        }
        String last = segments[segments.length - 1];
        if (last.contains(".")) {
            return false;
        }
        List<MediaType> accept = request.headers().accept();
        return accept.stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
    }

    private static Mono<ServerResponse> index(ConsoleAssets assets, String policy) {
        return ServerResponse.ok()
                .contentType(ConsoleAssets.mediaType(ConsoleAssets.INDEX))
                .cacheControl(CacheControl.noCache())
                .headers(headers -> documentHeaders(headers, policy))
                .bodyValue(assets.index());
    }

    private static Mono<ServerResponse> asset(ConsoleAssets assets, ServerRequest request) {
        String version = request.pathVariable("version");
        String prefix = "/assets/" + version + "/";
        String path = request.requestPath().pathWithinApplication().value();
        String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        return assets.find(version, rest)
                .map(asset -> ServerResponse.ok()
                        .contentType(asset.type())
                        .cacheControl(IMMUTABLE)
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Cross-Origin-Resource-Policy", "same-origin")
                        .bodyValue(asset.body()))
                .orElseGet(() -> Mono.error(GatewayProblemException.notFound()));
    }

    static void documentHeaders(HttpHeaders headers, String policy) {
        headers.set("Content-Security-Policy", policy);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }
}
