package dev.symbia.gateway.health;

import dev.symbia.gateway.routing.ServiceDirectory;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/health}: the whole platform's readiness (200 when every service is up, else 503).
 * {@code GET /health}, {@code /health/live}, {@code /health/ready}: the gateway's own Actuator probes,
 * with the same paths and body as every service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
class HealthConfiguration {

    @Bean
    PlatformHealthProbe platformHealthProbe(ServiceDirectory directory, HealthProperties properties) {
        return new PlatformHealthProbe(directory, properties);
    }

    @Bean
    RouterFunction<ServerResponse> healthRoutes(PlatformHealthProbe probe, HealthEndpoint health) {
        return RouterFunctions.route()
                .GET("/api/health", request -> probe.check().flatMap(result -> ServerResponse
                        .status(result.isUp() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(result)))
                .GET("/health", request -> own(() -> health.health()))
                .GET("/health/live", request -> own(() -> health.healthForPath("liveness")))
                .GET("/health/ready", request -> own(() -> health.healthForPath("readiness")))
                .build();
    }

    private static Mono<ServerResponse> own(Callable<HealthDescriptor> descriptor) {
        // The endpoint may block on contributors; keep it off the event loop.
        return Mono.fromCallable(descriptor)
                .subscribeOn(Schedulers.boundedElastic())
                .map(HealthDescriptor::getStatus)
                .defaultIfEmpty(Status.UNKNOWN)
                .flatMap(status -> ServerResponse
                        .status(Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("status", status.getCode())));
    }
}
