package dev.symbia.messaging.control;

import dev.symbia.auth.Caller;
import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.messaging.message.MessageProperties;
import dev.symbia.messaging.message.MessageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/conversations/{id}/control}: participants holding {@code cap:messaging.interrupt}
 * ({@code cap:messaging.route} for {@code stream.route} and {@code stream.handoff}; super admins
 * pass) pause, resume, preempt, cancel, reprioritise, route or hand off what streams in a conversation.
 */
@RestController
class ControlController {

    private final Conversations conversations;
    private final ControlEvents control;
    private final RequestBodies bodies;
    private final MessageProperties limits;

    ControlController(Conversations conversations, ControlEvents control, RequestBodies bodies, MessageProperties limits) {
        this.conversations = conversations;
        this.control = control;
        this.bodies = bodies;
        this.limits = limits;
    }

    @Operation(summary = "Send a control event (stream.pause|resume|preempt|cancel|route|handoff|priority); 201 with the stored event message")
    @PostMapping("/api/conversations/{id}/control")
    ResponseEntity<MessageView> send(Caller caller, @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ControlRequest.class))) @RequestBody JsonNode body) {
        ControlRequest request = bodies.read(body, ControlRequest.class);
        ControlEvents.requireKnown(request.event());
        bodies.requireSize("metadata", request.metadata(), limits.maxMetadata());
        var access = conversations.access(id, caller);
        return ResponseEntity.status(HttpStatus.CREATED).body(MessageView.of(control.send(access, caller, request)));
    }
}
