package dev.symbia.logging.otlp;

import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.Timestamps;
import dev.symbia.logging.metrics.Metric;
import dev.symbia.logging.metrics.MetricPointStore;
import dev.symbia.logging.metrics.MetricStore;
import dev.symbia.logging.metrics.MetricType;
import dev.symbia.logging.metrics.NewPoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * OTLP metrics into metric definitions and points. Gauges and non-monotonic sums become gauges,
 * monotonic sums counters, explicit-bucket histograms histograms. Points are stored as sent, so
 * counters and histograms should be exported with delta temporality for sums over buckets to mean
 * "how many in this bucket". Exponential histograms and summaries are rejected (partial success).
 */
@Component
class OtlpMetrics {

    private final MetricStore metrics;
    private final MetricPointStore points;

    OtlpMetrics(MetricStore metrics, MetricPointStore points) {
        this.metrics = metrics;
        this.points = points;
    }

    static int count(ExportMetricsServiceRequest request) {
        int n = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (io.opentelemetry.proto.metrics.v1.Metric m : sm.getMetricsList()) {
                    n += switch (m.getDataCase()) {
                        case GAUGE -> m.getGauge().getDataPointsCount();
                        case SUM -> m.getSum().getDataPointsCount();
                        case HISTOGRAM -> m.getHistogram().getDataPointsCount();
                        case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
                        case SUMMARY -> m.getSummary().getDataPointsCount();
                        case DATA_NOT_SET -> 0;
                    };
                }
            }
        }
        return n;
    }

    ExportMetricsServiceResponse export(Writer writer, ExportMetricsServiceRequest request) {
        Rejected rejected = new Rejected();
        Map<String, Metric> definitions = new HashMap<>();
        List<NewPoint> batch = new ArrayList<>();
        Instant now = Instant.now();
        String fallbackService = writer.serviceName() != null ? writer.serviceName() : "unknown_service";
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String service = AnyValues.serviceName(rm.getResource(), fallbackService);
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (io.opentelemetry.proto.metrics.v1.Metric m : sm.getMetricsList()) {
                    MetricType type = switch (m.getDataCase()) {
                        case GAUGE -> MetricType.GAUGE;
                        case SUM -> m.getSum().getIsMonotonic() ? MetricType.COUNTER : MetricType.GAUGE;
                        case HISTOGRAM -> MetricType.HISTOGRAM;
                        default -> null;
                    };
                    if (type == null) {
                        rejected.reject(count(m), m.getDataCase() + " metrics are not supported");
                        continue;
                    }
                    if (m.getName().isBlank() || m.getName().length() > 200) {
                        rejected.reject(count(m), "metric names must be 1 to 200 characters");
                        continue;
                    }
                    Metric metric = definitions.computeIfAbsent(m.getName(), name -> metrics.getOrCreate(writer.orgId(),
                            name, type, blankToNull(m.getUnit()), blankToNull(m.getDescription()), writer.principalId()));
                    boolean histogram = type == MetricType.HISTOGRAM;
                    if (histogram != MetricType.HISTOGRAM.wire().equals(metric.type())) {
                        rejected.reject(count(m), "metric " + m.getName() + " already exists as a " + metric.type());
                        continue;
                    }
                    if (histogram) {
                        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                            add(batch, histogramPoint(metric, p, service, now, rejected));
                        }
                    } else {
                        List<NumberDataPoint> data = m.getDataCase() == io.opentelemetry.proto.metrics.v1.Metric.DataCase.GAUGE
                                ? m.getGauge().getDataPointsList() : m.getSum().getDataPointsList();
                        for (NumberDataPoint p : data) {
                            add(batch, numberPoint(metric, p, service, now, rejected));
                        }
                    }
                }
            }
        }
        points.write(writer.orgId(), batch);
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (rejected.count() > 0) {
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(rejected.count()).setErrorMessage(rejected.message()));
        }
        return response.build();
    }

    private static NewPoint numberPoint(Metric metric, NumberDataPoint p, String service, Instant now, Rejected rejected) {
        double value = switch (p.getValueCase()) {
            case AS_DOUBLE -> p.getAsDouble();
            case AS_INT -> p.getAsInt();
            case VALUE_NOT_SET -> Double.NaN;
        };
        if (!Double.isFinite(value)) {
            rejected.reject("data point values must be finite numbers");
            return null;
        }
        Instant ts = time(p.getTimeUnixNano(), now);
        if (!Timestamps.acceptable(ts)) {
            rejected.reject("timestamp out of range");
            return null;
        }
        return new NewPoint(metric.id(), ts, value, AnyValues.attributes(p.getAttributesList()), service, null);
    }

    private static NewPoint histogramPoint(Metric metric, HistogramDataPoint p, String service, Instant now, Rejected rejected) {
        double[] bounds = p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
        if (counts.length == 0) {
            bounds = new double[0];
            counts = new long[] {p.getCount()};
        }
        if (counts.length != bounds.length + 1) {
            rejected.reject("histogram bucket_counts must have one more element than explicit_bounds");
            return null;
        }
        Instant ts = time(p.getTimeUnixNano(), now);
        if (!Timestamps.acceptable(ts)) {
            rejected.reject("timestamp out of range");
            return null;
        }
        NewPoint.Histogram histogram = new NewPoint.Histogram(p.getCount(), p.hasSum() ? p.getSum() : null,
                p.hasMin() ? p.getMin() : null, p.hasMax() ? p.getMax() : null, bounds, counts);
        return new NewPoint(metric.id(), ts, null, AnyValues.attributes(p.getAttributesList()), service, histogram);
    }

    private static void add(List<NewPoint> batch, NewPoint point) {
        if (point != null) {
            batch.add(point);
        }
    }

    private static Instant time(long nanos, Instant now) {
        return nanos == 0 ? now : Timestamps.fromUnixNanos(nanos);
    }

    private static long count(io.opentelemetry.proto.metrics.v1.Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 1;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
