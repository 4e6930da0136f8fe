package dev.symbia.gateway.support;

import dev.symbia.core.SymbiaService;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.springframework.test.context.DynamicPropertyRegistry;

/** One {@link FakeService} per platform service, wired into the gateway through {@code <SERVICE>_SERVICE_URL}. */
public final class Upstreams {

    private final Map<SymbiaService, FakeService> services = new EnumMap<>(SymbiaService.class);
    private final Map<SymbiaService, URI> overrides = new EnumMap<>(SymbiaService.class);

    private Upstreams() {
    }

    /** Fakes for every service except those named, which are given the URLs in {@code overrides}. */
    public static Upstreams start(Map<SymbiaService, URI> overrides) {
        Upstreams upstreams = new Upstreams();
        upstreams.overrides.putAll(overrides);
        for (SymbiaService service : SymbiaService.values()) {
            if (!overrides.containsKey(service)) {
                upstreams.services.put(service, FakeService.start(service.id()));
            }
        }
        return upstreams;
    }

    public static Upstreams startAll() {
        return start(Map.of());
    }

    public FakeService get(SymbiaService service) {
        FakeService fake = services.get(service);
        if (fake == null) {
            throw new IllegalArgumentException(service + " has no fake");
        }
        return fake;
    }

    public void register(DynamicPropertyRegistry registry) {
        for (SymbiaService service : SymbiaService.values()) {
            URI url = overrides.containsKey(service) ? overrides.get(service) : services.get(service).url();
            registry.add(service.envPrefix() + "_SERVICE_URL", url::toString);
        }
    }

    public void resetAll() {
        services.values().forEach(FakeService::reset);
    }

    /** Requests received by any fake except the given ones. */
    public int requestCountExcept(SymbiaService... except) {
        Set<SymbiaService> skipped = Set.copyOf(Arrays.asList(except));
        return services.entrySet().stream()
                .filter(entry -> !skipped.contains(entry.getKey()))
                .mapToInt(entry -> entry.getValue().requestCount())
                .sum();
    }

    public int totalRequestCount() {
        return requestCountExcept();
    }
}
