package dev.symbia.messaging.message;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.Caller;
import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.messaging.conversation.Participation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Messages of a conversation (participants only; reading needs {@code cap:messaging.read}, writing {@code cap:messaging.write}). */
@RestController
class MessageController {

    static final String READ = "cap:messaging.read";
    static final String WRITE = "cap:messaging.write";

    private final Conversations conversations;
    private final Messages messages;
    private final RequestBodies bodies;
    private final MessageProperties properties;

    MessageController(Conversations conversations, Messages messages, RequestBodies bodies, MessageProperties properties) {
        this.conversations = conversations;
        this.messages = messages;
        this.bodies = bodies;
        this.properties = properties;
    }

    @Operation(summary = "A page of messages, newest first: before=<sequence> pages back, after=<sequence> forward")
    @GetMapping("/api/conversations/{id}/messages")
    @RequiresCapability(READ)
    Map<String, Object> list(Caller caller, @PathVariable String id,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after) {
        int size = limit == null ? properties.defaultPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw RequestBodies.invalidField("limit", "must be between 1 and " + properties.maxPageSize());
        }
        if (before != null && after != null) {
            throw RequestBodies.invalidField("before", "cannot be combined with after");
        }
        if (before != null && before < 1) {
            throw RequestBodies.invalidField("before", "must be a sequence number (1 or more)");
        }
        if (after != null && after < 0) {
            throw RequestBodies.invalidField("after", "must be a sequence number (0 or more)");
        }
        Participation access = conversations.access(id, caller);
        Messages.Page page = messages.page(access.conversation().id(), before, after, size);
        conversations.markRead(access.conversation().id(), caller.actorId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", page.messages().stream().map(MessageView::of).toList());
        body.put("hasMore", page.hasMore());
        body.put("nextBefore", page.nextBefore());
        body.put("nextAfter", page.nextAfter());
        return body;
    }

    @Operation(summary = "Post a message (201; 200 with the stored message when its id was posted before)")
    @PostMapping("/api/conversations/{id}/messages")
    @RequiresCapability(WRITE)
    ResponseEntity<MessageView> post(Caller caller, @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = MessageRequests.Post.class))) @RequestBody JsonNode body) {
        MessageRequests.Post request = bodies.read(body, MessageRequests.Post.class);
        if (NewMessage.EVENT.equals(request.contentType())) {
            throw RequestBodies.invalidField("contentType", "event is reserved: use /control for stream events");
        }
        if (request.content().length() > properties.maxContentLength()) {
            throw RequestBodies.invalidField("content", "must be at most " + properties.maxContentLength() + " characters");
        }
        bodies.requireSize("metadata", request.metadata(), properties.maxMetadata());
        Participation access = conversations.accessForPosting(id, caller);
        Messages.Appended appended = messages.appendOnce(new NewMessage(request.id(), access.conversation().id(),
                caller.orgId(), caller.actorId(), caller.actorType().wire(), request.content(), request.contentType(),
                request.status() == null ? null : MessageStatus.fromWire(request.status()).orElseThrow(),
                request.replyTo(), request.runId(), request.traceId(), request.priority(),
                request.interruptible() == null || request.interruptible(), request.preemptedBy(), request.metadata()));
        return ResponseEntity.status(appended.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(MessageView.of(appended.message()));
    }

    @Operation(summary = "Edit a message's content (its sender only)")
    @PatchMapping("/api/conversations/{id}/messages/{messageId}")
    @RequiresCapability(WRITE)
    MessageView edit(Caller caller, @PathVariable String id, @PathVariable String messageId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = MessageRequests.Edit.class))) @RequestBody JsonNode body) {
        MessageRequests.Edit request = bodies.read(body, MessageRequests.Edit.class);
        if (request.content().length() > properties.maxContentLength()) {
            throw RequestBodies.invalidField("content", "must be at most " + properties.maxContentLength() + " characters");
        }
        UUID conversationId = conversations.access(id, caller).conversation().id();
        return MessageView.of(messages.edit(conversationId, messageId, caller.actorId(), request.content()));
    }

    @Operation(summary = "Delete a message (its sender only; soft delete)")
    @DeleteMapping("/api/conversations/{id}/messages/{messageId}")
    @RequiresCapability(WRITE)
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id, @PathVariable String messageId) {
        UUID conversationId = conversations.access(id, caller).conversation().id();
        messages.delete(conversationId, messageId, caller.actorId());
        return ResponseEntity.noContent().build();
    }
}
