package dev.symbia.integrations.openai;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * OpenAI SDKs send {@code GET /v1/models/{model}} with the model id as one encoded path segment, so
 * {@code sambanova/Meta-Llama-3.3-70B-Instruct} arrives as {@code sambanova%2FMeta-Llama…}. Tomcat would refuse
 * every encoded slash; it now passes them through undecoded, and this filter decodes them for that one route
 * only, when every piece is a plain model-id word (no dot segments, no other escapes). Anywhere else an encoded
 * slash is still refused (Spring Security's firewall: 400), so no other path variable can smuggle a slash.
 */
@Configuration(proxyBeanMethods = false)
class ModelIdPath {

    private static final String PREFIX = "/v1/models/";
    private static final Pattern ENCODED_SLASH = Pattern.compile("%2[Ff]");
    private static final Pattern PIECE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._:+-]{0,199}");

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashPassThrough() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("passthrough"));
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> modelIdPathFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String decoded = decoded(request);
                chain.doFilter(decoded == null ? request : new DecodedPath(request, decoded), response);
            }
        });
        // Before Spring Security's filter chain, whose firewall refuses encoded slashes.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        registration.addUrlPatterns(PREFIX + "*");
        return registration;
    }

    /** The path with the model id's encoded slashes decoded, or null when the request is not that route or not clean. */
    static String decoded(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (!"GET".equals(request.getMethod()) || !request.getContextPath().isEmpty() || !uri.startsWith(PREFIX)) {
            return null;
        }
        String id = uri.substring(PREFIX.length());
        if (id.indexOf('/') >= 0 || !ENCODED_SLASH.matcher(id).find()) {
            return null;
        }
        String[] pieces = ENCODED_SLASH.split(id, -1);
        for (String piece : pieces) {
            if (!PIECE.matcher(piece).matches()) {
                return null;
            }
        }
        return PREFIX + String.join("/", pieces);
    }

    /** The request as if the client had sent the slashes unencoded. */
    private static final class DecodedPath extends HttpServletRequestWrapper {

        private final String path;

        DecodedPath(HttpServletRequest request, String path) {
            super(request);
            this.path = path;
        }

        @Override
        public String getRequestURI() {
            return path;
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
            int port = getServerPort();
            if (port > 0 && !(port == 80 && "http".equals(getScheme())) && !(port == 443 && "https".equals(getScheme()))) {
                url.append(':').append(port);
            }
            return url.append(path);
        }
    }
}
