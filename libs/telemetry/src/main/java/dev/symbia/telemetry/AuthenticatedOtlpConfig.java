package dev.symbia.telemetry;

import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.HistogramFlavor;
import io.micrometer.registry.otlp.OtlpConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Boot's OTLP metrics settings, with the service token added to the headers of every publish. */
final class AuthenticatedOtlpConfig implements OtlpConfig {

    private final OtlpConfig delegate;
    private final Supplier<Map<String, String>> credentials;

    AuthenticatedOtlpConfig(OtlpConfig delegate, Supplier<Map<String, String>> credentials) {
        this.delegate = delegate;
        this.credentials = credentials;
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>(delegate.headers());
        headers.putAll(credentials.get());
        return headers;
    }

    @Override
    public String get(String key) {
        return delegate.get(key);
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public Duration step() {
        return delegate.step();
    }

    @Override
    public boolean enabled() {
        return delegate.enabled();
    }

    @Override
    public int batchSize() {
        return delegate.batchSize();
    }

    @Override
    public Map<String, String> resourceAttributes() {
        return delegate.resourceAttributes();
    }

    @Override
    public AggregationTemporality aggregationTemporality() {
        return delegate.aggregationTemporality();
    }

    @Override
    public HistogramFlavor histogramFlavor() {
        return delegate.histogramFlavor();
    }

    @Override
    public int maxScale() {
        return delegate.maxScale();
    }

    @Override
    public int maxBucketCount() {
        return delegate.maxBucketCount();
    }

    @Override
    public TimeUnit baseTimeUnit() {
        return delegate.baseTimeUnit();
    }

    @Override
    public Duration connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return delegate.readTimeout();
    }

    @Override
    public String prefix() {
        return delegate.prefix();
    }
}
