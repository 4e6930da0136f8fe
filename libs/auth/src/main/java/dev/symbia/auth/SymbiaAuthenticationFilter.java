package dev.symbia.auth;

import dev.symbia.core.PlatformHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from its credential — {@code Authorization: Bearer <jwt|sk_…>},
 * {@code X-API-Key}, the {@code access_token} query parameter of a WebSocket upgrade, or the
 * {@code token} cookie — and resolves the org it acts in. A credential that does not verify leaves the
 * request anonymous (so a stale cookie never breaks a public endpoint such as login) and the reason
 * becomes the 401's detail if the endpoint is protected.
 */
final class SymbiaAuthenticationFilter extends OncePerRequestFilter {

    static final String ORG_HEADER = PlatformHeaders.ORG;
    static final String API_KEY_HEADER = "X-API-Key";
    static final String ACCESS_TOKEN_PARAMETER = "access_token";
    private static final Logger log = LoggerFactory.getLogger(SymbiaAuthenticationFilter.class);

    private final AccessTokenVerifier tokens;
    private final ApiKeyVerifier apiKeys;
    private final String cookieName;
    private final AuthProblems problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SymbiaAuthenticationFilter(AccessTokenVerifier tokens, ApiKeyVerifier apiKeys, String cookieName, AuthProblems problems) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.cookieName = cookieName;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String credential = credential(request);
        if (credential == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<SymbiaPrincipal> principal;
        try {
            principal = authenticate(credential, request);
        } catch (AuthUnavailableException e) {
            log.warn("Could not verify a credential: {}", e.getMessage());
            problems.unavailable(request, response);
            return;
        }
        if (principal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        SymbiaPrincipal resolved = principal.get();
        String requestedOrg = request.getHeader(ORG_HEADER);
        if (requestedOrg != null && !requestedOrg.isBlank()) {
            requestedOrg = requestedOrg.trim();
            if (!mayActIn(resolved, requestedOrg)) {
                problems.forbidden(request, response, "Not a member of the organization named by X-Org-Id.");
                return;
            }
            resolved = resolved.inOrg(requestedOrg);
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new SymbiaAuthentication(resolved));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    /** Members act in their orgs; super admins in any; services say which org they act for. */
    private static boolean mayActIn(SymbiaPrincipal principal, String org) {
        return principal.isMemberOf(org) || principal.superAdmin() || principal.isService();
    }

    private Optional<SymbiaPrincipal> authenticate(String credential, HttpServletRequest request)
            throws AuthUnavailableException {
        if (ApiKeyVerifier.looksLikeApiKey(credential)) {
            Optional<SymbiaPrincipal> principal = apiKeys.verify(credential);
            if (principal.isEmpty()) {
                request.setAttribute(AuthProblems.FAILURE_ATTRIBUTE, "The API key is invalid, revoked or expired.");
            }
            return principal;
        }
        try {
            return Optional.of(tokens.verify(credential).toPrincipal());
        } catch (InvalidTokenException e) {
            request.setAttribute(AuthProblems.FAILURE_ATTRIBUTE, "The access token is invalid or expired.");
            log.debug("Rejected access token: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private String credential(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String value = authorization.substring(7).trim();
            if (!value.isEmpty()) {
                return value;
            }
        }
        String apiKey = request.getHeader(API_KEY_HEADER);
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        String queryToken = webSocketAccessToken(request);
        if (queryToken != null) {
            return queryToken;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookieName.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /**
     * Browsers cannot set headers on a WebSocket handshake, so there (and only there) an access token
     * may come as {@code ?access_token=}. It outranks the cookie, which a browser always sends, since
     * the page chose it explicitly. API keys are not taken from URLs: they are long-lived secrets and
     * URLs end up in logs; a 15-minute access token is the lesser risk.
     */
    private static String webSocketAccessToken(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return null;
        }
        String token = request.getParameter(ACCESS_TOKEN_PARAMETER);
        if (token == null || token.isBlank()) {
            return null;
        }
        if (ApiKeyVerifier.looksLikeApiKey(token.trim())) {
            request.setAttribute(AuthProblems.FAILURE_ATTRIBUTE,
                    "API keys are not accepted in the URL; send the X-API-Key header.");
            return null;
        }
        return token.trim();
    }
}
