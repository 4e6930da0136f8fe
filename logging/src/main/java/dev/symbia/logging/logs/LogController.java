package dev.symbia.logging.logs;

import dev.symbia.logging.access.Reader;
import dev.symbia.logging.access.Writer;
import dev.symbia.logging.ingest.Ids;
import dev.symbia.logging.ingest.IngestProperties;
import dev.symbia.logging.ingest.Timestamps;
import dev.symbia.logging.ingest.TooManyRecords;
import dev.symbia.web.body.AllowsControlCharacters;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Log streams, the JSON ingest API and log queries (reference §3.2 shapes). */
@RestController
@RequestMapping("/api/logs")
class LogController {

    private final LogStreamStore streams;
    private final LogIngestor ingestor;
    private final LogEntryStore store;
    private final IngestProperties ingest;
    private final RequestBodies bodies;

    LogController(LogStreamStore streams, LogIngestor ingestor, LogEntryStore store, IngestProperties ingest, RequestBodies bodies) {
        this.bodies = bodies;
        this.streams = streams;
        this.ingestor = ingestor;
        this.store = store;
        this.ingest = ingest;
    }

    @GetMapping("/streams")
    List<LogStream> listStreams(Reader reader) {
        return streams.list(reader.scope(null));
    }

    @PostMapping("/streams")
    ResponseEntity<LogStream> createStream(Writer writer, @RequestBody JsonNode body) {
        StreamRequest request = bodies.read(body, StreamRequest.class);
        request.levelOrDefault();
        LogStreamStore.Created created = streams.create(writer.orgId(), writer.principalId(), request);
        return ResponseEntity.status(created.isNew() ? HttpStatus.CREATED : HttpStatus.OK).body(created.stream());
    }

    @GetMapping("/streams/{id}")
    LogStream getStream(Reader reader, @PathVariable UUID id) {
        return streams.find(reader.scope(null), id).orElseThrow(() -> ProblemException.notFound("Log stream"));
    }

    @PatchMapping("/streams/{id}")
    LogStream updateStream(Writer writer, @PathVariable UUID id, @RequestBody JsonNode body) {
        StreamPatch patch = bodies.read(body, StreamPatch.class);
        if (patch.level() != null) {
            patch.parsedLevel();
        }
        return streams.update(writer.orgId(), id, patch).orElseThrow(() -> ProblemException.notFound("Log stream"));
    }

    @DeleteMapping("/streams/{id}")
    ResponseEntity<Void> deleteStream(Writer writer, @PathVariable UUID id) {
        if (!streams.delete(writer.orgId(), id)) {
            throw ProblemException.notFound("Log stream");
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/ingest", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    // Log lines are foreign text taken as they come: a NUL is replaced when stored (LogIngestor), not refused.
    @AllowsControlCharacters
    IngestResult ingest(Writer writer, @RequestBody byte[] body) {
        IngestRequest request = bodies.read(body, IngestRequest.class);
        TooManyRecords.check(request.entries().size(), ingest);
        // The stream must be the writer's own: rows land in the writer's org only.
        LogStream stream = streams.find(List.of(writer.orgId()), request.streamId())
                .orElseThrow(() -> ProblemException.notFound("Log stream"));
        String defaultService = writer.serviceName() != null ? writer.serviceName()
                : stream.source() != null ? stream.source() : stream.name();
        Instant now = Instant.now();
        List<NewLogEntry> entries = request.entries().stream().map(e -> {
            Level level = e.level() == null ? Level.INFO
                    : Level.parse(e.level()).orElseThrow(() -> ProblemException.badRequest("Unknown level '" + e.level() + "'."));
            Instant ts = e.timestamp() == null ? now : e.timestamp();
            if (!Timestamps.acceptable(ts)) {
                throw ProblemException.badRequest("Entry timestamps must be between 1970 and 9999.");
            }
            return new NewLogEntry(stream.id(), ts, level, e.service() == null || e.service().isBlank() ? defaultService : e.service().trim(),
                    e.message(), Ids.normalize(e.traceId()), Ids.normalize(e.spanId()), e.metadata(), Map.of());
        }).toList();
        return new IngestResult(true, ingestor.ingest(writer, entries).size());
    }

    @PostMapping("/query")
    LogEntryStore.Page query(Reader reader, @RequestBody JsonNode body) {
        LogQuery query = bodies.read(body, LogQuery.class);
        return store.search(reader, query);
    }

    @GetMapping
    LogEntryStore.Page list(Reader reader, @Valid @ModelAttribute LogQuery query) {
        return store.search(reader, query);
    }

    /** {@code POST /api/logs/ingest}. */
    record IngestRequest(@NotNull UUID streamId, @NotNull @Size(min = 1) List<@NotNull @Valid Entry> entries) {
    }

    record Entry(Instant timestamp, String level, @NotNull String message, Map<String, Object> metadata,
            @Size(max = 200) String service,
            @Pattern(regexp = Ids.PATTERN) String traceId,
            @Pattern(regexp = Ids.PATTERN) String spanId) {
    }

    record IngestResult(boolean success, int count) {
    }
}
