package dev.symbia.telemetry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.micrometer.registry.otlp.OtlpConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Telemetry conventions for every Symbia service and the gateway. */
@AutoConfiguration(afterName = {"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
        "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration"})
public class TelemetryAutoConfiguration {

    /**
     * Wraps whatever span and log exporters Boot configures, so redaction can't be bypassed, and
     * lets OTLP exports (spans, logs, metrics) carry this service's credentials.
     */
    @Bean
    static BeanPostProcessor symbiaRedactingExporters(ObjectProvider<TelemetryCredentials> credentials) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof OtlpHttpSpanExporter otlp) {
                    bean = credentials.getIfAvailable() == null ? otlp
                            : otlp.toBuilder().setHeaders(credentials.getObject()::headers).build();
                }
                if (bean instanceof OtlpHttpLogRecordExporter otlp) {
                    bean = credentials.getIfAvailable() == null ? otlp
                            : otlp.toBuilder().setHeaders(credentials.getObject()::headers).build();
                }
                if (bean instanceof OtlpConfig config && !(bean instanceof AuthenticatedOtlpConfig)
                        && credentials.getIfAvailable() != null) {
                    return new AuthenticatedOtlpConfig(config, credentials.getObject()::headers);
                }
                if (bean instanceof SpanExporter exporter && !(bean instanceof RedactingSpanExporter)) {
                    return new RedactingSpanExporter(exporter);
                }
                if (bean instanceof LogRecordExporter exporter && !(bean instanceof RedactingLogRecordExporter)) {
                    return new RedactingLogRecordExporter(exporter);
                }
                return bean;
            }
        };
    }

    /**
     * Probes and telemetry's own ingest paths are not traced: health checks would drown real
     * traffic, and tracing the OTLP receiver would make every export produce more telemetry.
     */
    @Bean
    ObservationPredicate symbiaQuietPaths() {
        return (name, context) -> {
            String path = QuietPaths.pathOf(context);
            return path == null || !QuietPaths.isQuiet(path);
        };
    }

    /** Ships application logs over OTLP when log export is configured. */
    @Bean
    @ConditionalOnBean(OpenTelemetry.class)
    @ConditionalOnProperty(name = "management.opentelemetry.logging.export.otlp.endpoint")
    ApplicationListener<ApplicationReadyEvent> symbiaLogExport(OpenTelemetry openTelemetry) {
        return event -> {
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
                Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                if (root.getAppender("OTLP") == null) {
                    OpenTelemetryAppender appender = new OpenTelemetryAppender();
                    appender.setName("OTLP");
                    appender.setContext(context);
                    appender.setCaptureMdcAttributes("requestId");
                    appender.start();
                    root.addAppender(appender);
                }
                OpenTelemetryAppender.install(openTelemetry);
            }
        };
    }

    /** Outbound OkHttp calls become client spans and carry W3C {@code traceparent}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "okhttp3.OkHttpClient")
    static class OkHttpTracing {

        @Bean
        OkHttpObservationInterceptor symbiaOkHttpObservationInterceptor(ObservationRegistry registry) {
            return OkHttpObservationInterceptor.builder(registry, "http.client.requests").build();
        }
    }
}
