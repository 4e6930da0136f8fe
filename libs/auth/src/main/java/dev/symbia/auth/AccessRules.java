package dev.symbia.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/** The request matchers the security chain is built from. */
final class AccessRules {

    /** Always public: discovery, JWKS, docs, health (outside /api they are public anyway). */
    static final List<String> ALWAYS_PUBLIC = List.of("/api/bootstrap/**", "/.well-known/**", "/docs/**",
            "/health/**", "/health", "/error");

    private AccessRules() {
    }

    /** Parses {@code "/path/**"} or {@code "POST /path"} declarations. */
    static RequestMatcher publicPaths(List<String> declared) {
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String path : ALWAYS_PUBLIC) {
            matchers.add(PathPatternRequestMatcher.withDefaults().matcher(path));
        }
        for (String declaration : declared) {
            String trimmed = declaration.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            if (space > 0) {
                HttpMethod method = HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase(Locale.ROOT));
                matchers.add(PathPatternRequestMatcher.withDefaults().matcher(method, trimmed.substring(space + 1).trim()));
            } else {
                matchers.add(PathPatternRequestMatcher.withDefaults().matcher(trimmed));
            }
        }
        return new OrRequestMatcher(matchers);
    }

    static RequestMatcher preflight() {
        return CorsUtils::isPreFlightRequest;
    }

    /**
     * Requests no controller handles. They pass through to MVC so they answer 404 (or 405 for a
     * known path with the wrong method) whether the caller is authenticated or not.
     */
    static RequestMatcher unmapped(Supplier<RequestMappingHandlerMapping> mapping) {
        return request -> {
            boolean parsedHere = !ServletRequestPathUtils.hasParsedRequestPath(request);
            if (parsedHere) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            try {
                HandlerExecutionChain handler = mapping.get().getHandler(request);
                return handler == null;
            } catch (HttpRequestMethodNotSupportedException e) {
                return true; // a known path with a method it does not support: MVC answers 405, nothing runs
            } catch (Exception e) {
                return false; // anything else that matched a handler: protected like a mapped one
            } finally {
                if (parsedHere) {
                    ServletRequestPathUtils.clearParsedRequestPath(request);
                }
            }
        };
    }

    /** Only service tokens of the allowed callers may reach {@code /api/internal/**}. */
    static boolean allowedInternalCaller(SymbiaPrincipal principal, Set<String> callers) {
        return principal.isService() && callers.contains(principal.id());
    }
}
