package dev.symbia.logging.otlp;

import com.google.protobuf.Message;
import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.IngestProperties;
import dev.symbia.logging.ingest.Rejections;
import dev.symbia.logging.ingest.TooManyRecords;
import dev.symbia.web.problem.ProblemException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OTLP/HTTP receiver: {@code POST /v1/logs}, {@code /v1/metrics}, {@code /v1/traces} with
 * {@code application/x-protobuf} or {@code application/json} bodies (gzip allowed). Answers 200
 * with the {@code Export*ServiceResponse} in the request's encoding (partial success when some
 * records were rejected), 400 with a {@code google.rpc.Status} for undecodable protobuf bodies, and
 * 413/429 from the ingest filter in front. These paths are at the service root: platform services
 * reach them directly; external collectors use the logging service's own URL (the gateway routes
 * {@code /v1/**} to integrations).
 */
@RestController
class OtlpController {

    private final OtlpLogs logs;
    private final OtlpMetrics metrics;
    private final OtlpTraces traces;
    private final IngestProperties ingest;

    OtlpController(OtlpLogs logs, OtlpMetrics metrics, OtlpTraces traces, IngestProperties ingest) {
        this.logs = logs;
        this.metrics = metrics;
        this.traces = traces;
        this.ingest = ingest;
    }

    @PostMapping(path = "/v1/logs", consumes = {OtlpCodec.PROTOBUF, OtlpCodec.JSON})
    ResponseEntity<byte[]> logs(Writer writer, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type,
            @RequestBody(required = false) byte[] body) {
        return handle(type, body, ExportLogsServiceRequest.newBuilder(), request -> {
            ExportLogsServiceRequest logsRequest = (ExportLogsServiceRequest) request;
            TooManyRecords.check(OtlpLogs.count(logsRequest), ingest);
            return logs.export(writer, logsRequest);
        });
    }

    @PostMapping(path = "/v1/metrics", consumes = {OtlpCodec.PROTOBUF, OtlpCodec.JSON})
    ResponseEntity<byte[]> metrics(Writer writer, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type,
            @RequestBody(required = false) byte[] body) {
        return handle(type, body, ExportMetricsServiceRequest.newBuilder(), request -> {
            ExportMetricsServiceRequest metricsRequest = (ExportMetricsServiceRequest) request;
            TooManyRecords.check(OtlpMetrics.count(metricsRequest), ingest);
            return metrics.export(writer, metricsRequest);
        });
    }

    @PostMapping(path = "/v1/traces", consumes = {OtlpCodec.PROTOBUF, OtlpCodec.JSON})
    ResponseEntity<byte[]> traces(Writer writer, @RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType type,
            @RequestBody(required = false) byte[] body) {
        return handle(type, body, ExportTraceServiceRequest.newBuilder(), request -> {
            ExportTraceServiceRequest tracesRequest = (ExportTraceServiceRequest) request;
            TooManyRecords.check(OtlpTraces.count(tracesRequest), ingest);
            return traces.export(writer, tracesRequest);
        });
    }

    private static ResponseEntity<byte[]> handle(MediaType type, byte[] body, Message.Builder builder,
            Function<Message, Message> export) {
        boolean json = MediaType.APPLICATION_JSON.isCompatibleWith(type);
        Message request;
        try {
            request = OtlpCodec.decode(body == null ? new byte[0] : body, json, builder).build();
        } catch (OtlpCodec.Undecodable e) {
            if (json) {
                throw ProblemException.badRequest(e.getMessage());
            }
            return ResponseEntity.badRequest().contentType(MediaType.parseMediaType(OtlpCodec.PROTOBUF))
                    .body(Rejections.rpcStatus(HttpStatus.BAD_REQUEST, e.getMessage()));
        }
        Message response = export.apply(request);
        return ResponseEntity.ok()
                .contentType(json ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(OtlpCodec.PROTOBUF))
                .body(OtlpCodec.encode(response, json));
    }
}
