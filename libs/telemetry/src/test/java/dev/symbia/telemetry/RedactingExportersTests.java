package dev.symbia.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** The real OpenTelemetry SDK pipeline, with our exporters in front of an in-memory sink. */
class RedactingExportersTests {

    private static final String API_KEY = "sk_" + "fedcba9876543210".repeat(4);

    @Test
    void spansLeaveWithoutSecrets() {
        InMemorySpanExporter sink = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new RedactingSpanExporter(sink))).build();
        {
            Span span = tracing.get("test").spanBuilder("POST /api/keys?apikey=" + API_KEY).startSpan();
            span.setAttribute("http.request.header.authorization", "Bearer " + API_KEY);
            span.setAttribute("user.password", "hunter2");
            span.setAttribute("http.route", "/api/keys");
            span.recordException(new IllegalStateException("rejected key " + API_KEY));
            span.end();
        }
        SpanData exported = sink.getFinishedSpanItems().getFirst();
        tracing.close();
        String everything = exported.getName() + exported.getAttributes() + exported.getEvents();
        assertThat(everything).doesNotContain(API_KEY).doesNotContain("hunter2");
        assertThat(exported.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/api/keys");
        assertThat(exported.getEvents()).hasSize(1);
    }

    @Test
    void logRecordsLeaveWithoutSecrets() {
        InMemoryLogRecordExporter sink = InMemoryLogRecordExporter.create();
        SdkLoggerProvider logging = SdkLoggerProvider.builder()
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(new RedactingLogRecordExporter(sink))).build();
        {
            Logger logger = logging.get("test");
            logger.logRecordBuilder()
                    .setBody("login failed for bob password=hunter2 with key " + API_KEY)
                    .setAttribute(AttributeKey.stringKey("refreshToken"), "r-123456789")
                    .setAttribute(AttributeKey.stringKey("requestId"), "req-1")
                    .emit();
        }
        var exported = sink.getFinishedLogRecordItems().getFirst();
        logging.close();
        assertThat(exported.getBodyValue().asString()).contains("login failed for bob")
                .doesNotContain("hunter2").doesNotContain(API_KEY);
        assertThat(exported.getAttributes().get(AttributeKey.stringKey("refreshToken"))).isEqualTo(SecretRedactor.MASK);
        assertThat(exported.getAttributes().get(AttributeKey.stringKey("requestId"))).isEqualTo("req-1");
    }
}
