package dev.symbia.logging.ingest;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    /** Every path that accepts telemetry: the JSON API and the OTLP/HTTP receiver. */
    static final String[] INGEST_PATHS = {
            "/api/logs/ingest", "/api/metrics/ingest", "/api/traces/ingest", "/api/ingest",
            "/v1/logs", "/v1/metrics", "/v1/traces"};

    @Bean
    FilterRegistrationBean<IngestLimitFilter> ingestLimitFilter(IngestGate gate, IngestProperties properties) {
        FilterRegistrationBean<IngestLimitFilter> registration =
                new FilterRegistrationBean<>(new IngestLimitFilter(gate, properties));
        // After the request-id filter (rejections carry the request id) and after Spring Security's
        // chain (order -100), so unauthenticated floods never take a slot (BackpressureTests checks it).
        registration.setOrder(-90);
        registration.addUrlPatterns(INGEST_PATHS);
        return registration;
    }
}
