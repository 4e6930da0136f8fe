package dev.symbia.integrations.execute;

import dev.symbia.auth.Caller;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.integrations.provider.ChatRules;
import dev.symbia.integrations.realtime.ConversationRealtime;
import dev.symbia.integrations.stream.CallerConnection;
import dev.symbia.integrations.stream.CallerLeftException;
import dev.symbia.integrations.stream.ChatEvents;
import dev.symbia.integrations.stream.ChatStreamWriter;
import dev.symbia.integrations.support.Callers;
import dev.symbia.web.body.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The normalised LLM call. {@code POST /api/execute} for users (through the gateway:
 * {@code /api/integrations/execute}); {@code POST /api/internal/execute} for platform services
 * acting for a user. Same body, same answers: JSON, or with {@code stream: true} an event stream.
 * A caller that leaves before the answer is complete cancels the provider call.
 */
@RestController
class ExecuteController {

    private final SymbiaAuthProperties auth;
    private final RequestBodies bodies;
    private final ChatExecutor executor;
    private final ChatStreamWriter sse;
    private final JsonMapper json;
    private final ConversationRealtime realtime;

    ExecuteController(SymbiaAuthProperties auth, RequestBodies bodies, ChatExecutor executor, ChatStreamWriter sse,
            JsonMapper json, ConversationRealtime realtime) {
        this.realtime = realtime;
        this.auth = auth;
        this.bodies = bodies;
        this.executor = executor;
        this.sse = sse;
        this.json = json;
    }

    @Operation(summary = "Run a chat completion (JSON, or an event stream with stream: true)")
    @PostMapping(path = "/api/execute", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ChatResult> execute(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ExecuteRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        return run(Callers.of(principal), body, "execute", request, response);
    }

    @Operation(summary = "Run a chat completion for a user (platform services only)")
    @PostMapping(path = "/api/internal/execute", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ChatResult> internalExecute(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ExecuteRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        return run(Callers.actingFor(principal, auth, request), body, "internal", request, response);
    }

    private ResponseEntity<ChatResult> run(Caller caller, JsonNode body, String surface, HttpServletRequest http,
            HttpServletResponse response) {
        ExecuteRequest request = bodies.read(body, ExecuteRequest.class);
        ChatRules.check(request.params(), false);
        ChatCommand command = new ChatCommand(request.provider(), request.params(), surface, request.streamed());
        try (CallerConnection connection = CallerConnection.watch(http)) {
            if (!request.streamed()) {
                return ResponseEntity.ok(executor.complete(caller, command, connection));
            }
            ChatSession session = executor.open(caller, command, connection);
            // A service streaming a chat turn for a user (messaging): the reply also goes to the conversation's
            // Supabase topic, when configured.
            ChatEvents events = "internal".equals(surface) ? realtime.observe(caller, request.params(), session) : session;
            sse.write(events, new SymbiaFrames(json, session), response,
                    Map.of("X-Symbia-Provider", session.provider(), "X-Symbia-Model", session.model()), connection);
            return null; // the response has been written
        } catch (CallerLeftException left) {
            return null; // nobody left to answer; the call is accounted as cancelled
        }
    }
}
