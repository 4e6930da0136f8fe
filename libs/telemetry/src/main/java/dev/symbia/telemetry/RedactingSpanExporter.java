package dev.symbia.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;

/** Wraps the real span exporter so no span leaves the process with a secret in it. */
final class RedactingSpanExporter implements SpanExporter {

    private final SpanExporter delegate;

    RedactingSpanExporter(SpanExporter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return delegate.export(spans.stream().<SpanData>map(RedactedSpan::new).toList());
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    private static final class RedactedSpan extends DelegatingSpanData {

        private final Attributes attributes;
        private final String name;
        private final List<EventData> events;

        RedactedSpan(SpanData span) {
            super(span);
            this.attributes = SecretRedactor.redact(span.getAttributes());
            this.name = SecretRedactor.redactText(span.getName());
            this.events = span.getEvents().stream()
                    .map(event -> EventData.create(event.getEpochNanos(), SecretRedactor.redactText(event.getName()),
                            SecretRedactor.redact(event.getAttributes()), event.getTotalAttributeCount()))
                    .toList();
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public List<EventData> getEvents() {
            return events;
        }
    }
}
