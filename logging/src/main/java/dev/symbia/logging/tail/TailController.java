package dev.symbia.logging.tail;

import dev.symbia.core.ProblemTypes;
import dev.symbia.logging.access.Reader;
import dev.symbia.logging.logs.Level;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.sse.SseStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/logs/stream}: live tail over SSE. An initial {@code connected} event, then
 * {@code logs} events (arrays of entries) as they are ingested, and {@code : heartbeat} comments.
 */
@RestController
class TailController {

    private final TailHub hub;
    private final TailProperties properties;
    private final JsonMapper json;

    TailController(TailHub hub, TailProperties properties, JsonMapper json) {
        this.hub = hub;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping(path = "/api/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void stream(Reader reader, HttpServletResponse response,
            @RequestParam(required = false) String services,
            @RequestParam(required = false) String service,
            @RequestParam(required = false) String streamIds,
            @RequestParam(required = false) String level,
            @RequestParam(required = false) String minLevel,
            @RequestParam(required = false) String search,
            @RequestParam(required = false) UUID orgId) throws IOException {
        String levelParam = minLevel != null ? minLevel : level;
        Level min = levelParam == null || levelParam.isBlank() ? null : Level.parse(levelParam)
                .orElseThrow(() -> ProblemException.badRequest("Unknown level '" + levelParam + "'."));
        if (search != null && search.length() > 500) {
            throw ProblemException.badRequest("search is limited to 500 characters.");
        }
        Set<String> serviceSet = new HashSet<>(split(services));
        serviceSet.addAll(split(service));
        Set<UUID> streams;
        try {
            streams = split(streamIds).stream().map(UUID::fromString).collect(Collectors.toSet());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("streamIds must be UUIDs.");
        }
        TailFilter filter = new TailFilter(Set.copyOf(reader.scope(orgId)), serviceSet, streams, min, search);

        TailSubscriber subscriber = hub.subscribe(filter).orElseThrow(() -> {
            ProblemException full = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                    "Too many live tails", "This replica has its maximum of live tails; retry shortly.");
            full.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            return full;
        });
        try {
            SseStream out = SseStream.open(response, Map.of());
            out.commit(); // the client knows the stream is open while the tail starts listening
            hub.serve(subscriber, new StreamSink(out), id -> connected(id, filter));
        } finally {
            subscriber.close();
        }
    }

    /** Each event is flushed at once: a tail shows lines as they come. */
    private final class StreamSink implements TailSink {
        private final SseStream out;

        StreamSink(SseStream out) {
            this.out = out;
        }

        @Override
        public void event(String name, Object data) throws IOException {
            out.event(null, name, json.writeValueAsString(data));
            out.flush();
        }

        @Override
        public void comment(String text) throws IOException {
            // ": heartbeat" on the wire: a comment line, ignored by EventSource, keeps proxies from timing out.
            out.comment(" " + text);
            out.flush();
        }

        @Override
        public void close() {
            // The request ends when the sender loop returns.
        }
    }

    private Map<String, Object> connected(String id, TailFilter filter) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("message", "Connected to the live log tail");
        payload.put("clientId", id);
        payload.put("activeClients", hub.size());
        payload.put("heartbeatSeconds", properties.heartbeat().toSeconds());
        payload.put("services", filter.services());
        payload.put("minLevel", filter.minLevel() == null ? null : filter.minLevel().wire());
        return payload;
    }

    private static java.util.List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return java.util.List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
