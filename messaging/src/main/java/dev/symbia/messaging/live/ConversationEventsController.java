package dev.symbia.messaging.live;

import dev.symbia.auth.Caller;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.sse.SseStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/conversations/{id}/events}: a conversation's live events over SSE, for clients that
 * would rather not speak WebSocket. Frames carry {@code id:} (durable events only), {@code event:} and
 * {@code data:}; {@code Last-Event-ID} resumes; {@code : ping} every heartbeat.
 */
@RestController
class ConversationEventsController {

    private final Memberships memberships;
    private final LiveEventStore store;
    private final Connections connections;
    private final Subscriptions subscriptions;
    private final LiveProperties properties;

    ConversationEventsController(Memberships memberships, LiveEventStore store, Connections connections,
            Subscriptions subscriptions, LiveProperties properties) {
        this.memberships = memberships;
        this.store = store;
        this.connections = connections;
        this.subscriptions = subscriptions;
        this.properties = properties;
    }

    @Operation(summary = "Live events of a conversation (SSE). Resume with Last-Event-ID (or ?lastEventId=); "
            + "durable events newer than it are replayed first.")
    @GetMapping(path = "/api/conversations/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(@PathVariable String id,
            @Parameter(description = "Resume after this event id") @RequestHeader(name = "Last-Event-ID", required = false)
            String lastEventIdHeader,
            @Parameter(description = "Resume after this event id, for clients that cannot set headers")
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
            Caller caller, HttpServletResponse response) throws IOException {
        UUID conversationId = parse(id);
        // Another org's conversation, or one the caller is not in, does not exist for the caller.
        if (conversationId == null || !memberships.isParticipant(conversationId, caller)) {
            throw ProblemException.notFound("Conversation");
        }
        long lastEventId = lastEventId(lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam);

        SseSubscriber stream = new SseSubscriber(conversationId, caller.actorId(), lastEventId, store);
        Outbox<LiveFrame> outbox = connections.open(Transport.SSE, "live-sse-" + UUID.randomUUID(), stream,
                () -> subscriptions.unsubscribe(conversationId, stream));
        if (outbox == null) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Service unavailable",
                    "This replica has its maximum of live streams; try again shortly.");
        }
        stream.attach(outbox);
        subscriptions.subscribe(conversationId, stream); // before the replay starts: nothing falls in between
        SseStream out;
        try {
            out = SseStream.open(response, Map.of());
        } catch (IOException | RuntimeException e) {
            outbox.end(Outbox.Ending.CLIENT_GONE);
            throw e;
        }
        stream.run(out, properties.streamTimeout()); // ends the outbox, which unsubscribes
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Last-Event-ID must be an event id from this stream (a non-negative integer).");
        }
    }
}
