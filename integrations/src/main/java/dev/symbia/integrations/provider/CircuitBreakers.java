package dev.symbia.integrations.provider;

import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.ProviderFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per provider. Only failures that say the provider itself is
 * unwell count against it; a caller's bad key, exhausted quota or rate limit proves the provider
 * answered, so they count as successes.
 */
@Component
public class CircuitBreakers {

    private final CircuitBreakerRegistry registry;
    private final CircuitBreakerProperties properties;

    public CircuitBreakers(CircuitBreakerProperties properties) {
        this.properties = properties;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.windowSize())
                .minimumNumberOfCalls(properties.minimumCalls())
                .failureRateThreshold(properties.failureRatePercent())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(properties.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ProviderTrouble.class::isInstance)
                .build());
    }

    public CircuitBreaker of(String provider) {
        return registry.circuitBreaker(provider);
    }

    /** Whether a call to the provider would be let through now (without taking a permission). */
    public boolean admits(String provider) {
        CircuitBreaker.State state = of(provider).getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    public String state(String provider) {
        return of(provider).getState().name().toLowerCase(Locale.ROOT);
    }

    /** The failure reported when the breaker refuses a call. */
    public ProviderFailure refusal(String provider) {
        return new ProviderFailure(ErrorCategory.UNAVAILABLE, "Provider " + provider
                + " is failing repeatedly; calls to it are paused.", 0, properties.openFor());
    }

    public void succeeded(CircuitBreaker breaker, long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    public void failed(CircuitBreaker breaker, ProviderFailure failure, long nanos) {
        if (failure.category().tripsBreaker()) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderTrouble(failure.category()));
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Closes every breaker (operators, tests). */
    public void resetAll() {
        registry.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    /** Marker recorded as a breaker failure; carries no provider text. */
    static final class ProviderTrouble extends RuntimeException {

        ProviderTrouble(ErrorCategory category) {
            super(category.wireName(), null, false, false);
        }
    }
}
