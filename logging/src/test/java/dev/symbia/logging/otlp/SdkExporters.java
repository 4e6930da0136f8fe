package dev.symbia.logging.otlp;

import dev.symbia.logging.Api;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.http.HttpExporterBuilder;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.reflect.Field;

/**
 * The real OpenTelemetry SDK exporters, pointed at the service under test. The SDK writes OTLP/JSON
 * only through its internal {@code exportAsJson()} switch (no public builder method yet), reached here
 * by reflection, so JSON payloads come from the SDK's own marshalers too.
 */
final class SdkExporters {

    enum Encoding { PROTOBUF, JSON }

    private SdkExporters() {
    }

    static Resource resource(String service) {
        return Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)));
    }

    static OtlpHttpSpanExporter spans(String base, Api.Principal principal, Encoding encoding) {
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces")
                .addHeader("Authorization", principal.authorization());
        json(builder, encoding);
        return checked(builder.build(), encoding);
    }

    static OtlpHttpLogRecordExporter logs(String base, Api.Principal principal, Encoding encoding) {
        OtlpHttpLogRecordExporterBuilder builder = OtlpHttpLogRecordExporter.builder().setEndpoint(base + "/v1/logs")
                .addHeader("Authorization", principal.authorization());
        json(builder, encoding);
        return checked(builder.build(), encoding);
    }

    static OtlpHttpMetricExporter metrics(String base, Api.Principal principal, Encoding encoding) {
        OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics")
                .addHeader("Authorization", principal.authorization())
                // Delta: each export carries what happened since the last one, which is what sums over buckets need.
                .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
                ;
        json(builder, encoding);
        return checked(builder.build(), encoding);
    }

    /** Makes sure the exporter really uses the encoding the test is about. */
    private static <T> T checked(T exporter, Encoding encoding) {
        String expected = "exportAsJson=" + (encoding == Encoding.JSON);
        if (!exporter.toString().contains(expected)) {
            throw new IllegalStateException("exporter is not in " + encoding + " mode: " + exporter);
        }
        return exporter;
    }

    private static void json(Object builder, Encoding encoding) {
        if (encoding != Encoding.JSON) {
            return;
        }
        try {
            Field delegate = builder.getClass().getDeclaredField("delegate");
            delegate.setAccessible(true);
            ((HttpExporterBuilder<?>) delegate.get(builder)).exportAsJson();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the SDK's JSON switch moved", e);
        }
    }
}
