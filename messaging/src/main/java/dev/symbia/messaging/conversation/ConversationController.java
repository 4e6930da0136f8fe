package dev.symbia.messaging.conversation;

import dev.symbia.auth.Caller;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.auth.RequiresCapability;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
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

/**
 * Conversations and participants (through the gateway: {@code /api/messaging/conversations/...}).
 * Reading needs {@code cap:messaging.read}, changing anything {@code cap:messaging.write} (what org
 * members hold; viewers only read), on top of the participant rules of {@link Conversations}.
 */
@RestController
class ConversationController {

    static final String READ = "cap:messaging.read";
    static final String WRITE = "cap:messaging.write";

    private final Conversations conversations;
    private final RequestBodies bodies;
    private final ConversationProperties properties;

    ConversationController(Conversations conversations, RequestBodies bodies, ConversationProperties properties) {
        this.conversations = conversations;
        this.bodies = bodies;
        this.properties = properties;
    }

    @Operation(summary = "The caller's conversations in the request org, most recently active first")
    @GetMapping("/api/conversations")
    @RequiresCapability(READ)
    Map<String, Object> list(Caller caller, @RequestParam(required = false) String type,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Integer offset) {
        if (type != null && !type.equals(Conversation.PRIVATE) && !type.equals(Conversation.GROUP)) {
            throw RequestBodies.invalidField("type", "must be private or group");
        }
        Paging paging = Paging.of(limit, offset, properties.defaultPageSize(), properties.maxPageSize());
        Conversations.Listing listing = conversations.list(caller, type, paging);
        return Conversations.listing(listing.conversations(), listing.total(), paging);
    }

    @Operation(summary = "Create a conversation; the caller becomes its owner")
    @PostMapping("/api/conversations")
    @RequiresCapability(WRITE)
    ResponseEntity<ConversationView> create(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(schema = @Schema(implementation = ConversationRequests.Create.class))) @RequestBody JsonNode body) {
        Conversation conversation = conversations.create(caller, bodies.read(body, ConversationRequests.Create.class));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(ConversationView.of(conversation, Participant.OWNER, conversations.participants(conversation.id())));
    }

    @Operation(summary = "A conversation with its participants (participants only)")
    @GetMapping("/api/conversations/{id}")
    @RequiresCapability(READ)
    ConversationView get(Caller caller, @PathVariable String id) {
        Participation access = conversations.access(id, caller);
        return ConversationView.of(access.conversation(), access.participant().role(),
                conversations.participants(access.conversation().id()));
    }

    @Operation(summary = "Rename or describe a conversation; metadata is replaced whole (owner or admin)")
    @PatchMapping("/api/conversations/{id}")
    @RequiresCapability(WRITE)
    ConversationView update(Caller caller, @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ConversationRequests.Update.class))) @RequestBody JsonNode body) {
        Participation access = conversations.access(id, caller);
        Conversation updated = conversations.update(access, bodies.read(body, ConversationRequests.Update.class));
        return ConversationView.of(updated, access.participant().role(), conversations.participants(updated.id()));
    }

    @Operation(summary = "Delete a conversation with its messages (owner only)")
    @DeleteMapping("/api/conversations/{id}")
    @RequiresCapability(WRITE)
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        conversations.delete(conversations.access(id, caller));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Join a group conversation of the request org (201; 200 when already a participant)")
    @PostMapping("/api/conversations/{id}/join")
    @RequiresCapability(WRITE)
    ResponseEntity<ParticipantView> join(Caller caller, @PathVariable String id) {
        Conversations.Joined joined = conversations.join(id, caller);
        return ResponseEntity.status(joined.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(ParticipantView.of(joined.participant()));
    }

    @Operation(summary = "Leave a conversation (not its owner)")
    @PostMapping("/api/conversations/{id}/leave")
    @RequiresCapability(WRITE)
    ResponseEntity<Void> leave(Caller caller, @PathVariable String id) {
        conversations.leave(id, caller);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Add a participant: a user id or an agent id such as assistant:coordinator (owner or admin)")
    @PostMapping("/api/conversations/{id}/participants")
    @RequiresCapability(WRITE)
    ResponseEntity<ParticipantView> addParticipant(Caller caller, @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ConversationRequests.NewParticipant.class))) @RequestBody JsonNode body) {
        ConversationRequests.NewParticipant request = bodies.read(body, ConversationRequests.NewParticipant.class);
        Participant added = conversations.addParticipant(conversations.access(id, caller), request);
        return ResponseEntity.status(HttpStatus.CREATED).body(ParticipantView.of(added));
    }

    @Operation(summary = "Remove a participant, user or agent (owner or admin; never the owner)")
    @DeleteMapping("/api/conversations/{id}/participants/{principalId}")
    @RequiresCapability(WRITE)
    ResponseEntity<Void> removeParticipant(Caller caller, @PathVariable String id,
            @PathVariable String principalId) {
        conversations.removeParticipant(conversations.access(id, caller), principalId);
        return ResponseEntity.noContent().build();
    }
}
