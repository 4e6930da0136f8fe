package dev.symbia.logging.otlp;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import dev.symbia.logging.otlp.SdkExporters.Encoding;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OTLP/HTTP payloads produced by the real OpenTelemetry SDK exporters land and can be queried. */
class OtlpReceiverTests extends LoggingIntegrationTest {

    private final Principal operator = Principal.operator();

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void spansFromTheSdkBecomeATraceTree(Encoding encoding) {
        String service = unique("checkout");
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(SdkExporters.resource(service))
                .addSpanProcessor(SimpleSpanProcessor.create(SdkExporters.spans(api.base(), Principal.service(service), encoding)))
                .build();
        Tracer tracer = provider.get("test");
        Span root = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
                .setAttribute("http.route", "/checkout").startSpan();
        String traceId = root.getSpanContext().getTraceId();
        try (Scope ignored = root.makeCurrent()) {
            Span child = tracer.spanBuilder("charge card").setSpanKind(SpanKind.CLIENT).startSpan();
            child.addEvent("retry", io.opentelemetry.api.common.Attributes.of(AttributeKey.longKey("attempt"), 2L));
            child.setStatus(StatusCode.ERROR, "card declined");
            child.end();
        }
        root.setStatus(StatusCode.OK);
        root.end();
        flushed(provider.forceFlush());
        provider.shutdown();

        Api.Response response = api.get("/api/traces/" + traceId, operator);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode trace = response.json();
        assertThat(trace.path("name").asString()).isEqualTo("POST /checkout");
        assertThat(trace.path("serviceName").asString()).isEqualTo(service);
        assertThat(trace.path("status").asString()).isEqualTo("error");
        assertThat(trace.path("spanCount").asInt()).isEqualTo(2);
        JsonNode rootSpan = trace.path("spans").get(0);
        assertThat(rootSpan.path("spanId").asString()).isEqualTo(root.getSpanContext().getSpanId());
        assertThat(rootSpan.path("kind").asString()).isEqualTo("server");
        assertThat(rootSpan.path("orgId").asString()).isEqualTo(Api.SYSTEM_ORG.toString());
        assertThat(rootSpan.path("attributes").path("http.route").asString()).isEqualTo("/checkout");
        JsonNode child = rootSpan.path("children").get(0);
        assertThat(child.path("name").asString()).isEqualTo("charge card");
        assertThat(child.path("kind").asString()).isEqualTo("client");
        assertThat(child.path("statusMessage").asString()).isEqualTo("card declined");
        assertThat(child.path("events").get(0).path("name").asString()).isEqualTo("retry");
        assertThat(child.path("events").get(0).path("attributes").path("attempt").asLong()).isEqualTo(2);

        List<String> listed = Api.texts(api.get("/api/traces?serviceName=" + service, operator).json().path("data"), "traceId");
        assertThat(listed).containsExactly(traceId);
        // Platform telemetry lives in the system org: an ordinary member of some org sees none of it.
        assertThat(api.get("/api/traces/" + traceId, Principal.user(newOrg())).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void logsFromTheSdkLandInTheServiceStream(Encoding encoding) {
        String service = unique("payments");
        SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(SdkExporters.resource(service))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(SdkExporters.logs(api.base(), Principal.service(service), encoding)))
                .build();
        SdkTracerProvider traces = SdkTracerProvider.builder().build();
        Span span = traces.get("test").spanBuilder("work").startSpan();
        logs.get("test").logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
                .setBody("payment declined for order 42").setAttribute(AttributeKey.stringKey("order.id"), "42")
                .setContext(Context.current().with(span)).emit();
        logs.get("test").logRecordBuilder().setSeverity(Severity.DEBUG).setBody("retrying").emit();
        span.end();
        flushed(logs.forceFlush());
        logs.shutdown();

        JsonNode page = queryLogs(operator, obj("services", List.of(service), "minLevel", "warn"));
        assertThat(page.path("data").size()).isEqualTo(1);
        JsonNode entry = page.path("data").get(0);
        assertThat(entry.path("message").asString()).isEqualTo("payment declined for order 42");
        assertThat(entry.path("level").asString()).isEqualTo("warn");
        assertThat(entry.path("traceId").asString()).isEqualTo(span.getSpanContext().getTraceId());
        assertThat(entry.path("spanId").asString()).isEqualTo(span.getSpanContext().getSpanId());
        assertThat(entry.path("metadata").path("order.id").asString()).isEqualTo("42");
        assertThat(entry.path("resource").path("service.name").asString()).isEqualTo(service);
        assertThat(queryLogs(operator, obj("services", List.of(service))).path("data").size()).isEqualTo(2);
        // One stream per service, named after it, in the system org.
        List<String> streams = Api.texts(api.get("/api/logs/streams", operator).json(), "name");
        assertThat(streams).contains("service." + service);
        assertThat(queryLogs(Principal.user(newOrg()), obj("services", List.of(service))).path("data").size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void metricsFromTheSdkAggregate(Encoding encoding) {
        String suffix = unique("m");
        SdkMeterProvider provider = SdkMeterProvider.builder().setResource(SdkExporters.resource("shop"))
                .registerMetricReader(PeriodicMetricReader.builder(SdkExporters.metrics(api.base(), Principal.service("shop"), encoding))
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        Meter meter = provider.get("test");
        LongCounter orders = meter.counterBuilder("orders.placed." + suffix).build();
        orders.add(3, io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("region"), "eu"));
        orders.add(4, io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("region"), "eu"));
        orders.add(10, io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("region"), "us"));
        DoubleHistogram latency = meter.histogramBuilder("checkout.latency." + suffix).setUnit("ms")
                .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0, 1000.0)).build();
        for (double value : new double[] {5, 50, 70, 500}) {
            latency.record(value);
        }
        meter.gaugeBuilder("queue.depth." + suffix).buildWithCallback(m -> m.record(12));
        flushed(provider.forceFlush());
        provider.shutdown();

        List<JsonNode> metrics = java.util.stream.StreamSupport.stream(api.get("/api/metrics", operator).json().spliterator(), false)
                .filter(m -> m.path("name").asString().endsWith(suffix)).toList();
        assertThat(metrics).extracting(m -> m.path("name").asString() + ":" + m.path("type").asString())
                .containsExactlyInAnyOrder("orders.placed." + suffix + ":counter", "checkout.latency." + suffix + ":histogram",
                        "queue.depth." + suffix + ":gauge");

        JsonNode eu = aggregate(obj("names", List.of("orders.placed." + suffix), "aggregation", "sum", "labels", obj("region", "eu")));
        assertThat(eu.path("value").asDouble()).isEqualTo(7.0);
        JsonNode all = aggregate(obj("names", List.of("orders.placed." + suffix), "aggregation", "sum"));
        assertThat(all.path("value").asDouble()).isEqualTo(17.0);

        JsonNode histogram = aggregate(obj("names", List.of("checkout.latency." + suffix), "aggregation", "p50"));
        assertThat(histogram.path("count").asLong()).isEqualTo(4);
        assertThat(histogram.path("sum").asDouble()).isEqualTo(625.0);
        assertThat(histogram.path("min").asDouble()).isEqualTo(5.0);
        assertThat(histogram.path("max").asDouble()).isEqualTo(500.0);
        assertThat(histogram.path("p50").asDouble()).isCloseTo(55.0, within(1e-9));
        assertThat(histogram.path("estimated").asBoolean()).isTrue();
        assertThat(histogram.path("value").asDouble()).isCloseTo(55.0, within(1e-9));

        JsonNode gauge = aggregate(obj("names", List.of("queue.depth." + suffix), "aggregation", "max"));
        assertThat(gauge.path("value").asDouble()).isEqualTo(12.0);
    }

    @Test
    void otlpJsonWithBadIdsIsAPartialSuccess() {
        String service = unique("edge");
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeSpans":[{"spans":[
                   {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"good",
                    "kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000500000000",
                    "status":{"code":1}},
                   {"traceId":"abcd","spanId":"eee19b7ec3c1b175","name":"short trace id",
                    "startTimeUnixNano":"1700000000000000000"}]}]}]}
                """.formatted(service);
        Api.Response response = api.postRaw("/v1/traces", Principal.service(service), "application/json", json.getBytes());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("partialSuccess").path("rejectedSpans").asLong()).isEqualTo(1);
        assertThat(response.json().path("partialSuccess").path("errorMessage").asString()).contains("trace_id");
        JsonNode trace = api.get("/api/traces/5b8efff798038103d269b633813fc60c", operator).json();
        assertThat(trace.path("spans").get(0).path("kind").asString()).isEqualTo("server");
        assertThat(trace.path("spans").get(0).path("status").asString()).isEqualTo("ok");
        assertThat(trace.path("durationMs").asDouble()).isEqualTo(500.0);
    }

    @Test
    void gzippedProtobufIsAccepted() throws Exception {
        String service = unique("zipped");
        io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest request =
                io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.newBuilder()
                        .addResourceLogs(io.opentelemetry.proto.logs.v1.ResourceLogs.newBuilder()
                                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(
                                        io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("service.name")
                                                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(service))))
                                .addScopeLogs(io.opentelemetry.proto.logs.v1.ScopeLogs.newBuilder()
                                        .addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                                                .setSeverityText("error")
                                                .setBody(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("compressed")))))
                        .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(request.toByteArray());
        }
        Api.Response response = api.postRaw("/v1/logs", Principal.service(service), "application/x-protobuf",
                bytes.toByteArray(), "Content-Encoding", "gzip");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-protobuf"));
        JsonNode entry = queryLogs(operator, obj("services", List.of(service))).path("data").get(0);
        assertThat(entry.path("message").asString()).isEqualTo("compressed");
        assertThat(entry.path("level").asString()).isEqualTo("error");
    }

    @Test
    void undecodableBodiesAreRejectedInTheRequestsEncoding() throws Exception {
        Principal service = Principal.service("broken");
        Api.Response protobuf = api.postRaw("/v1/traces", service, "application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02});
        assertThat(protobuf.status()).isEqualTo(400);
        assertThat(protobuf.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-protobuf"));
        // The body is a google.rpc.Status: code 3 (INVALID_ARGUMENT) and a message.
        com.google.protobuf.CodedInputStream status = com.google.protobuf.CodedInputStream.newInstance(protobuf.bytes());
        assertThat(status.readTag()).isEqualTo(8);
        assertThat(status.readInt32()).isEqualTo(3);
        assertThat(status.readTag()).isEqualTo(18);
        assertThat(status.readString()).contains("protobuf");

        for (String body : List.of("{", "[]", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}",
                "{\"resourceSpans\":\"nope\"}")) {
            Api.Response json = api.postRaw("/v1/traces", service, "application/json", body.getBytes());
            assertThat(json.status()).as(body).isEqualTo(400);
            assertThat(json.isProblem()).as(body).isTrue();
        }
        Api.Response text = api.postRaw("/v1/logs", service, "text/plain", "hello".getBytes());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.isProblem()).isTrue();
        Api.Response notGzip = api.postRaw("/v1/metrics", service, "application/json", "{}".getBytes(), "Content-Encoding", "gzip");
        assertThat(notGzip.status()).isEqualTo(400);
        Api.Response brotli = api.postRaw("/v1/metrics", service, "application/json", "{}".getBytes(), "Content-Encoding", "br");
        assertThat(brotli.status()).isEqualTo(415);
        Api.Response anonymous = api.postRaw("/v1/metrics", null, "application/json", "{}".getBytes());
        assertThat(anonymous.status()).isEqualTo(401);
        // An empty export is valid and answered with an empty response.
        Api.Response empty = api.postRaw("/v1/traces", service, "application/x-protobuf", new byte[0]);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(empty.bytes()).hasPartialSuccess()).isFalse();
    }

    private JsonNode aggregate(Object query) {
        Api.Response response = api.post("/api/metrics/query", operator, query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode data = response.json().path("data");
        assertThat(data.size()).as(response.body()).isEqualTo(1);
        return data.get(0);
    }

    private static void flushed(CompletableResultCode result) {
        assertThat(result.join(20, TimeUnit.SECONDS).isSuccess()).as("export succeeded").isTrue();
    }
}
