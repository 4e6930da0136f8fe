package dev.symbia.logging.metrics;

import dev.symbia.logging.access.Reader;
import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.IngestProperties;
import dev.symbia.logging.ingest.Timestamps;
import dev.symbia.logging.ingest.TooManyRecords;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Metric definitions, the JSON ingest API and queries with real aggregation (reference §3.2 shapes). */
@RestController
class MetricController {

    private final MetricStore metrics;
    private final MetricPointStore points;
    private final IngestProperties ingest;
    private final RequestBodies bodies;

    MetricController(MetricStore metrics, MetricPointStore points, IngestProperties ingest, RequestBodies bodies) {
        this.bodies = bodies;
        this.metrics = metrics;
        this.points = points;
        this.ingest = ingest;
    }

    @GetMapping("/api/metrics")
    List<Metric> list(Reader reader) {
        return metrics.list(reader.scope(null));
    }

    @PostMapping("/api/metrics")
    ResponseEntity<Metric> create(Writer writer, @RequestBody JsonNode body) {
        MetricRequest request = bodies.read(body, MetricRequest.class);
        request.parsedType();
        MetricStore.Created created = metrics.create(writer.orgId(), writer.principalId(), request);
        return ResponseEntity.status(created.isNew() ? HttpStatus.CREATED : HttpStatus.OK).body(created.metric());
    }

    @GetMapping("/api/metrics/{id}")
    Metric get(Reader reader, @PathVariable UUID id) {
        return metrics.find(reader.scope(null), id).orElseThrow(() -> ProblemException.notFound("Metric"));
    }

    @PatchMapping("/api/metrics/{id}")
    Metric update(Writer writer, @PathVariable UUID id, @RequestBody JsonNode body) {
        MetricPatch patch = bodies.read(body, MetricPatch.class);
        return metrics.update(writer.orgId(), id, patch).orElseThrow(() -> ProblemException.notFound("Metric"));
    }

    @DeleteMapping("/api/metrics/{id}")
    ResponseEntity<Void> delete(Writer writer, @PathVariable UUID id) {
        if (!metrics.delete(writer.orgId(), id)) {
            throw ProblemException.notFound("Metric");
        }
        return ResponseEntity.noContent().build();
    }

    /** Points for one metric, by id or by name (created with {@code type} when missing). */
    @PostMapping(path = {"/api/metrics/ingest", "/api/ingest"}, consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    IngestResult ingest(Writer writer, @RequestBody byte[] body) {
        IngestRequest request = bodies.read(body, IngestRequest.class);
        TooManyRecords.check(request.dataPoints().size(), ingest);
        Metric metric = resolveForWrite(writer, request);
        if (MetricType.HISTOGRAM.wire().equals(metric.type())) {
            throw ProblemException.badRequest("Histogram metrics take points over OTLP (/v1/metrics); this API takes numbers.");
        }
        Instant now = Instant.now();
        List<NewPoint> rows = request.dataPoints().stream().map(p -> {
            if (!Double.isFinite(p.value())) {
                throw ProblemException.badRequest("Data point values must be finite numbers.");
            }
            Instant ts = p.timestamp() == null ? now : p.timestamp();
            if (!Timestamps.acceptable(ts)) {
                throw ProblemException.badRequest("Data point timestamps must be between 1970 and 9999.");
            }
            return new NewPoint(metric.id(), ts, p.value(), p.labels() == null ? Map.of() : p.labels(),
                    writer.serviceName(), null);
        }).toList();
        return new IngestResult(true, points.write(writer.orgId(), rows));
    }

    @PostMapping({"/api/metrics/query", "/api/query"})
    Object query(Reader reader, @RequestBody JsonNode body) {
        MetricQuery query = bodies.read(body, MetricQuery.class);
        List<UUID> ids = query.metricIds() == null ? List.of() : query.metricIds();
        List<String> names = query.names() == null ? List.of() : query.names();
        if (ids.isEmpty() && names.isEmpty()) {
            throw ProblemException.badRequest("Name the metrics to query: metricIds or names.");
        }
        List<Metric> resolved = metrics.resolve(reader.scope(query.orgId()), ids, names);
        if (resolved.isEmpty()) {
            throw ProblemException.notFound("Metric");
        }
        if (query.aggregated()) {
            List<Bucket> buckets = points.aggregate(resolved, query);
            return new Aggregated(buckets, buckets.size(), true);
        }
        List<Point> raw = points.raw(resolved, query);
        return new Raw(raw, raw.size());
    }

    private Metric resolveForWrite(Writer writer, IngestRequest request) {
        if (request.metricId() != null) {
            return metrics.find(List.of(writer.orgId()), request.metricId()).orElseThrow(() -> ProblemException.notFound("Metric"));
        }
        if (request.name() == null || request.name().isBlank()) {
            throw ProblemException.badRequest("Say which metric: metricId or name.");
        }
        MetricType type = request.type() == null ? MetricType.GAUGE : MetricType.parse(request.type())
                .orElseThrow(() -> ProblemException.badRequest("Unknown metric type '" + request.type() + "'."));
        return metrics.getOrCreate(writer.orgId(), request.name().trim(), type, null, null, writer.principalId());
    }

    /** {@code POST /api/metrics/ingest}. */
    record IngestRequest(UUID metricId, @Size(max = 200) String name, String type,
            @NotNull @Size(min = 1) List<@NotNull @Valid DataPoint> dataPoints) {
    }

    record DataPoint(Instant timestamp, @NotNull Double value, @Size(max = 50) Map<String, Object> labels) {
    }

    record IngestResult(boolean success, int count) {
    }

    record Raw(List<Point> data, int rowCount) {
    }

    record Aggregated(List<Bucket> data, int rowCount, boolean aggregated) {
    }
}
