package dev.symbia.messaging.chat;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.RequestIds;
import dev.symbia.core.TraceParent;
import dev.symbia.auth.Caller;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.request.RequestIdFilter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The chat stream, {@code POST /api/send} ({@code POST /api/messaging/send} through the gateway; SPEC §4).
 * Everything that can be refused is refused before the stream starts, as problem+json; once streaming,
 * failures are error frames.
 */
@RestController
class ChatController {

    static final String WRITE = "cap:messaging.write";

    private final RequestBodies bodies;
    private final ChatTurns turns;
    private final ReplyStreamer streamer;
    private final IntegrationsClient integrations;
    private final ChatProperties properties;
    private final ObjectProvider<Tracer> tracer;
    private final AssistantChat assistants;

    ChatController(RequestBodies bodies, ChatTurns turns, IntegrationsClient integrations, ReplyStreamer streamer,
            ChatProperties properties, ObjectProvider<Tracer> tracer, AssistantChat assistants) {
        this.assistants = assistants;
        this.tracer = tracer;
        this.integrations = integrations;
        this.bodies = bodies;
        this.turns = turns;
        this.streamer = streamer;
        this.properties = properties;
    }

    @Operation(summary = "Send a message and stream the assistant's reply (text/event-stream)")
    @PostMapping(path = "/api/send", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    void send(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = SendRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        long started = System.nanoTime();
        Caller caller = Caller.of(principal); // services are refused: they call integrations directly
        Authz.check(principal, WRITE);
        SendRequest send = bodies.read(body, SendRequest.class);
        checkLengths(send);
        ChatTurns.Plan plan = turns.plan(caller, send, requestId(request), traceId(request));
        if (send.assistant() != null && assistants.runs(caller.orgId(), plan.assistantKey())) {
            answerThroughAssistant(plan, response, started);
            return;
        }
        // The provider starts thinking now; the turn's writes happen meanwhile, off the time to first token.
        ReplyCall call = integrations.open(plan.ask());
        ChatTurns.Turn turn;
        try {
            turn = turns.persist(plan);
        } catch (RuntimeException e) {
            call.abort(); // nothing was streamed: the caller gets the problem, the provider call is cancelled
            throw e;
        }
        streamer.stream(turn, call, response, started);
    }

    /** The named assistant's rules answer; its streamed pieces are this stream's frames. */
    private void answerThroughAssistant(ChatTurns.Plan plan, HttpServletResponse response, long started) {
        UUID replyId = UUID.randomUUID();
        ReplyCall call = assistants.expect(replyId);
        try {
            ChatTurns.Turn turn = turns.persistForAssistant(plan, replyId);
            assistants.conversationKnown(replyId, turn.conversationId());
            streamer.stream(turn, call, response, started);
        } finally {
            assistants.forget(replyId);
        }
    }

    private void checkLengths(SendRequest send) {
        int max = properties.maxContentLength();
        if (send.content().length() > max) {
            throw tooLong("content", max);
        }
        List<SendRequest.Turn> history = send.historyOrEmpty();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).content().length() > max) {
                throw tooLong("history[" + i + "].content", max);
            }
        }
    }

    private static ProblemException tooLong(String field, int max) {
        return RequestBodies.invalid("Field '" + field + "' is longer than " + max + " characters.",
                List.of(Map.of("field", field, "message", "at most " + max + " characters")));
    }

    // Both messages of a turn carry the request's trace id, so its trace can be found from the conversation.
    private String traceId(HttpServletRequest request) {
        Tracer current = tracer.getIfAvailable();
        Span span = current == null ? null : current.currentSpan();
        if (span != null) {
            return span.context().traceId();
        }
        return TraceParent.parse(request.getHeader(TraceParent.HEADER)).map(TraceParent::traceId).orElse(null);
    }

    private static String requestId(HttpServletRequest request) {
        return request.getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String id ? id : RequestIds.mint();
    }
}
