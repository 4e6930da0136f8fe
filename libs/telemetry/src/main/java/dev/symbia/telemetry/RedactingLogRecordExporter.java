package dev.symbia.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Collection;

/** Wraps the real log exporter so no log record leaves the process with a secret in it. */
final class RedactingLogRecordExporter implements LogRecordExporter {

    private final LogRecordExporter delegate;

    RedactingLogRecordExporter(LogRecordExporter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
        return delegate.export(logs.stream().<LogRecordData>map(RedactedLogRecord::new).toList());
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    private static final class RedactedLogRecord implements LogRecordData {

        private final LogRecordData delegate;
        private final Attributes attributes;
        private final Value<?> body;

        RedactedLogRecord(LogRecordData delegate) {
            this.delegate = delegate;
            this.attributes = SecretRedactor.redact(delegate.getAttributes());
            Value<?> original = delegate.getBodyValue();
            this.body = original == null ? null : Value.of(SecretRedactor.redactText(original.asString()));
        }

        @Override
        public Resource getResource() {
            return delegate.getResource();
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return delegate.getInstrumentationScopeInfo();
        }

        @Override
        public long getTimestampEpochNanos() {
            return delegate.getTimestampEpochNanos();
        }

        @Override
        public long getObservedTimestampEpochNanos() {
            return delegate.getObservedTimestampEpochNanos();
        }

        @Override
        public SpanContext getSpanContext() {
            return delegate.getSpanContext();
        }

        @Override
        public Severity getSeverity() {
            return delegate.getSeverity();
        }

        @Override
        public String getSeverityText() {
            return delegate.getSeverityText();
        }

        @Override
        @SuppressWarnings("deprecation")
        public io.opentelemetry.sdk.logs.data.Body getBody() {
            return body == null ? io.opentelemetry.sdk.logs.data.Body.empty()
                    : io.opentelemetry.sdk.logs.data.Body.string(body.asString());
        }

        @Override
        public Value<?> getBodyValue() {
            return body;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public int getTotalAttributeCount() {
            return delegate.getTotalAttributeCount();
        }

        @Override
        public String getEventName() {
            return delegate.getEventName();
        }
    }
}
