package dev.symbia.web.config;

import dev.symbia.core.CorsOrigins;
import dev.symbia.core.RuntimeMode;
import java.util.List;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** CORS for services reached directly (the gateway applies the same rules at the front door). */
class CorsConfigurer implements WebMvcConfigurer {

    private final CorsProperties properties;
    private final RuntimeMode mode;

    CorsConfigurer(CorsProperties properties, RuntimeMode mode) {
        this.properties = properties;
        this.mode = mode;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        List<String> patterns = CorsOrigins.patterns(properties.allowedOrigins(), mode);
        if (patterns.isEmpty()) {
            return;
        }
        registry.addMapping("/**")
                .allowedOriginPatterns(patterns.toArray(String[]::new))
                .allowedMethods(CorsOrigins.ALLOWED_METHODS.toArray(String[]::new))
                .allowedHeaders(CorsOrigins.ALLOWED_HEADERS.toArray(String[]::new))
                .exposedHeaders(CorsOrigins.EXPOSED_HEADERS.toArray(String[]::new))
                .allowCredentials(true)
                .maxAge(properties.maxAge().toSeconds());
    }
}
