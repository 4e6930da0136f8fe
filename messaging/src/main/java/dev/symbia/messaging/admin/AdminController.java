package dev.symbia.messaging.admin;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.Caller;
import dev.symbia.messaging.conversation.Conversation;
import dev.symbia.messaging.conversation.ConversationProperties;
import dev.symbia.messaging.conversation.ConversationView;
import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.conversation.Ids;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.messaging.conversation.Paging;
import dev.symbia.messaging.message.MessageView;
import dev.symbia.messaging.message.Messages;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moderation of the request org's conversations, participant or not. Only for the org's admins
 * (role {@code admin} there, with {@code cap:messaging.admin}, which an admin's narrowed API key may
 * lack) and super admins; always scoped to the request org, so another org's conversation is a 404.
 */
@RestController
@RequiresCapability(AdminController.ADMIN)
class AdminController {

    static final String ADMIN = "cap:messaging.admin";
    /** Messages shown with a conversation: enough to moderate, never the whole history. */
    static final int RECENT_MESSAGES = 100;

    private final Conversations conversations;
    private final Messages messages;
    private final ConversationProperties properties;

    AdminController(Conversations conversations, Messages messages, ConversationProperties properties) {
        this.conversations = conversations;
        this.messages = messages;
        this.properties = properties;
    }

    @Operation(summary = "Every conversation of the request org (org admins)")
    @GetMapping("/api/admin/conversations")
    Map<String, Object> list(Caller caller, @RequestParam(required = false) String type,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) Integer offset) {
        String org = adminOrg(caller);
        requireType(type);
        Paging paging = Paging.of(limit, offset, properties.defaultPageSize(), properties.maxPageSize());
        Conversations.Listing listing = conversations.listInOrg(org, type, paging);
        return Conversations.listing(listing.conversations(), listing.total(), paging);
    }

    @Operation(summary = "A conversation of the request org with its participants and newest messages (org admins)")
    @GetMapping("/api/admin/conversations/{id}")
    Map<String, Object> get(Caller caller, @PathVariable String id) {
        Conversation conversation = find(caller, id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversation", ConversationView.of(conversation, null, conversations.participants(conversation.id())));
        body.put("recentMessages", messages.latest(conversation.id(), RECENT_MESSAGES).stream().map(MessageView::of).toList());
        return body;
    }

    @Operation(summary = "Delete a conversation of the request org with its messages (org admins)")
    @DeleteMapping("/api/admin/conversations/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        conversations.deleteConversation(find(caller, id), caller.actorId());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Conversation, message and participant counts of the request org (org admins)")
    @GetMapping("/api/admin/stats")
    Map<String, Object> stats(Caller caller, @RequestParam(required = false) String type) {
        String org = adminOrg(caller);
        requireType(type);
        Conversations.OrgStats stats = conversations.stats(org, type);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("orgId", org);
        filters.put("type", type);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalConversations", stats.conversations());
        body.put("totalMessages", messages.countVisible(org, type));
        body.put("uniqueParticipants", stats.uniqueParticipants());
        body.put("activeConversations24h", stats.active24h());
        body.put("filters", filters);
        return body;
    }

    private Conversation find(Caller caller, String rawId) {
        String org = adminOrg(caller);
        return conversations.findInOrg(Ids.require(rawId, "Conversation"), org)
                .orElseThrow(() -> ProblemException.notFound("Conversation"));
    }

    /** The request org, when the caller administers it. */
    private static String adminOrg(Caller caller) {
        if (!caller.principal().isOrgAdmin()) {
            throw ProblemException.forbidden("Only the organization's admins moderate its conversations.");
        }
        return caller.orgId();
    }

    private static void requireType(String type) {
        if (type != null && !type.equals(Conversation.PRIVATE) && !type.equals(Conversation.GROUP)) {
            throw RequestBodies.invalidField("type", "must be private or group");
        }
    }
}
