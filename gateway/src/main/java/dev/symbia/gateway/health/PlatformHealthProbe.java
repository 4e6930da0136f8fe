package dev.symbia.gateway.health;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.health.PlatformHealth.ServiceHealth;
import dev.symbia.gateway.routing.ServiceDirectory;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Asks every service's {@code GET /health/ready} at the same time, each bounded by a short timeout,
 * and folds the answers into one {@link PlatformHealth}. A service is up only on a 2xx answer.
 */
class PlatformHealthProbe {

    private static final String READINESS_PATH = "/health/ready";

    private final ServiceDirectory directory;
    private final HttpClient client;
    private final Duration timeout;
    private final Mono<PlatformHealth> check;

    PlatformHealthProbe(ServiceDirectory directory, HealthProperties properties) {
        this.directory = directory;
        this.timeout = properties.timeout();
        this.client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout);
        Mono<PlatformHealth> fresh = Mono.defer(this::checkAll);
        this.check = properties.cacheTtl().isZero() ? fresh : fresh.cache(properties.cacheTtl());
    }

    Mono<PlatformHealth> check() {
        return check;
    }

    private Mono<PlatformHealth> checkAll() {
        SymbiaService[] services = SymbiaService.values();
        return Flux.fromArray(services)
                .flatMap(service -> probe(service).map(health -> Map.entry(service, health)), services.length)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(results -> {
                    Map<String, ServiceHealth> ordered = new LinkedHashMap<>();
                    for (SymbiaService service : services) {
                        ordered.put(service.id(), results.get(service));
                    }
                    boolean allUp = ordered.values().stream().allMatch(h -> PlatformHealth.UP.equals(h.status()));
                    return new PlatformHealth(allUp ? PlatformHealth.UP : PlatformHealth.DOWN, ordered);
                });
    }

    private Mono<ServiceHealth> probe(SymbiaService service) {
        String url = directory.url(service).resolve(READINESS_PATH).toString();
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return client.get().uri(url).response()
                    .map(response -> response.status().code() / 100 == 2)
                    .timeout(timeout)
                    .onErrorReturn(false)
                    .map(up -> new ServiceHealth(up ? PlatformHealth.UP : PlatformHealth.DOWN,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        });
    }
}
