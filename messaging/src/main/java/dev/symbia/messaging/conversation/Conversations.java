package dev.symbia.messaging.conversation;

import dev.symbia.auth.Caller;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.web.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations and their participants, with the participant rules (reference §8 item 11, its
 * defects fixed): a participant reads, posts and sends control events; owners and admins rename and
 * manage participants; only the owner deletes; the owner can neither leave nor be removed; private
 * conversations cannot be joined; joining never changes anyone's role. Everything is scoped by org:
 * another org's conversation is not found, whatever its id. A private conversation the caller is
 * not part of is not found either; a group one is visible (it can be joined), so it is a 403.
 */
@Service
public class Conversations {

    static final String CONVERSATION_UPDATED = "conversation:updated";
    static final String CONVERSATION_DELETED = "conversation:deleted";
    /** Agents are added to a conversation they post into only when allowed to write messages at all. */
    static final String WRITE = "cap:messaging.write";

    private final ConversationStore store;
    private final ApplicationEventPublisher events;
    private final ConversationProperties properties;
    private final RequestBodies bodies;

    private final OrgMembers members;

    Conversations(ConversationStore store, ApplicationEventPublisher events, ConversationProperties properties,
            RequestBodies bodies, OrgMembers members) {
        this.members = members;
        this.store = store;
        this.events = events;
        this.properties = properties;
        this.bodies = bodies;
    }

    // ---- the Java API of the chat stream ----

    /** The conversation if it is in orgId and principalId participates; empty otherwise (callers answer 404). */
    @Transactional(readOnly = true)
    public Optional<Conversation> findForParticipant(UUID id, String orgId, String principalId) {
        if (id == null || orgId == null || principalId == null) {
            return Optional.empty();
        }
        return store.findForParticipant(id, orgId, principalId);
    }

    /** A new private conversation in orgId owned by ownerId ("user" or "agent"). */
    @Transactional
    public Conversation createPrivate(String orgId, String ownerId, String ownerType, String name) {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(ownerId, "ownerId");
        Conversation conversation = store.insert(UUID.randomUUID(), orgId, Conversation.PRIVATE, name, null, ownerId, Map.of());
        store.addParticipant(conversation.id(), ownerId, requireType(ownerType), Participant.OWNER);
        return conversation;
    }

    /**
     * {@link #createPrivate} then {@link #ensureParticipant} of {@code agentId} as an agent, with the same rows and
     * events (the agent's join announced), in one round trip instead of three: the chat stream's new conversation.
     */
    public Conversation createPrivateWithAgent(String orgId, String ownerId, String ownerType, String name,
            String agentId) {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(agentId, "agentId");
        if (ownerId.equals(agentId)) { // the owner is that agent already: nothing joins
            Conversation conversation = createPrivate(orgId, ownerId, ownerType, name);
            ensureParticipant(conversation.id(), agentId, Participant.AGENT);
            return conversation;
        }
        ConversationStore.WithParticipant created = store.insertPrivateWithAgent(UUID.randomUUID(), orgId, name,
                ownerId, requireType(ownerType), agentId);
        Participant agent = Objects.requireNonNull(created.participant());
        events.publishEvent(ConversationEvent.durable(created.conversation().id(), ParticipantEvent.JOINED,
                ParticipantEvent.of(agent), agentId));
        return created.conversation();
    }

    /** Adds the principal as a member if absent; never changes an existing participant's role. */
    @Transactional
    public void ensureParticipant(UUID conversationId, String principalId, String principalType) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(principalId, "principalId");
        add(conversationId, principalId, requireType(principalType), Participant.MEMBER);
    }

    // ---- for the assistants' events (agent): single statements, often outside any transaction ----

    /** Whether the conversation is in the org: assistants' events never write across orgs. */
    public boolean existsInOrg(UUID conversationId, String orgId) {
        return conversationId != null && orgId != null && !orgId.isEmpty() && store.exists(conversationId, orgId);
    }

    /** The ids of the conversation's assistants ({@code assistant:<key>}), sorted. */
    public List<String> assistantsOf(UUID conversationId) {
        return store.assistantIds(conversationId);
    }

    // ---- access checks shared by the REST endpoints of every package ----

    /**
     * The conversation (by path id) and the caller's participation: 404 / 403 as the class describes. One statement
     * (no transaction around it): every request of a conversation's endpoints starts here, a post on the way to its
     * assistants too.
     */
    public Participation access(String rawId, Caller caller) {
        ConversationStore.WithParticipant found = visibleWithParticipant(rawId, caller);
        Participant participant = found.participant();
        if (participant == null) {
            throw notParticipant(found.conversation());
        }
        return new Participation(found.conversation(), participant);
    }

    /**
     * As {@link #access}, but an agent allowed to write messages becomes a member by posting (reference behaviour).
     * The join is one statement of its own (insert unless present), announced as any other.
     */
    public Participation accessForPosting(String rawId, Caller caller) {
        ConversationStore.WithParticipant found = visibleWithParticipant(rawId, caller);
        Conversation conversation = found.conversation();
        Participant participant = found.participant();
        if (participant == null && caller.isAgent() && caller.hasCapability(WRITE)) {
            participant = add(conversation.id(), caller.actorId(), Participant.AGENT, Participant.MEMBER);
        }
        if (participant == null) {
            throw notParticipant(conversation);
        }
        return new Participation(conversation, participant);
    }

    /** Sets the participant's {@code last_read_at} to now. */
    @Transactional
    public void markRead(UUID conversationId, String principalId) {
        store.markRead(conversationId, principalId);
    }

    // ---- admin reads (org-wide, no participation needed: callers check the admin role) ----

    /** A conversation of the org, whoever participates. */
    @Transactional(readOnly = true)
    public Optional<Conversation> findInOrg(UUID id, String orgId) {
        return store.find(id, orgId);
    }

    /** A page of the org's conversations, most recently active first, with the total. */
    @Transactional(readOnly = true)
    public Listing listInOrg(String orgId, String type, Paging paging) {
        return new Listing(store.inOrg(orgId, type, paging), store.countInOrg(orgId, type));
    }

    /** Figures for {@code GET /api/admin/stats}: conversations, distinct participants, active in the last 24 h. */
    public record OrgStats(long conversations, long uniqueParticipants, long active24h) {
    }

    @Transactional(readOnly = true)
    public OrgStats stats(String orgId, String type) {
        return store.stats(orgId, type);
    }

    /** A conversation's participants, owner first. */
    @Transactional(readOnly = true)
    public List<Participant> participants(UUID conversationId) {
        return store.participants(conversationId);
    }

    // ---- the conversation endpoints ----

    public record Listing(List<Conversation> conversations, long total) {
    }

    @Transactional(readOnly = true)
    Listing list(Caller caller, String type, Paging paging) {
        return new Listing(store.forParticipant(caller.orgId(), caller.actorId(), type, paging),
                store.countForParticipant(caller.orgId(), caller.actorId(), type));
    }

    @Transactional
    Conversation create(Caller caller, ConversationRequests.Create request) {
        if (request.orgId() != null && !request.orgId().equals(caller.orgId())) {
            throw RequestBodies.invalidField("orgId", "must be the request's organization (choose it with X-Org-Id)");
        }
        if (Conversation.GROUP.equals(request.type()) && (request.name() == null || request.name().isBlank())) {
            throw RequestBodies.invalidField("name", "is required for a group conversation");
        }
        List<ConversationRequests.NewParticipant> others = request.participants() == null ? List.of() : request.participants();
        if (others.size() > properties.maxParticipants()) {
            throw RequestBodies.invalidField("participants", "must name at most " + properties.maxParticipants());
        }
        bodies.requireSize("metadata", request.metadata(), properties.maxMetadata());
        // Only principals of the org take part (issue 20, L1). Identity is asked inside the transaction, after
        // every cheaper check; its lookups are short (3 s at most), and a refusal writes nothing.
        members.require(caller.orgId(), others.stream().map(ConversationRequests.NewParticipant::principalId).toList(),
                "participants[].principalId", caller.actorId());
        Conversation conversation = store.insert(UUID.randomUUID(), caller.orgId(), request.type(), blankToNull(request.name()),
                request.description(), caller.actorId(), request.metadata());
        store.addParticipant(conversation.id(), caller.actorId(), caller.actorType().wire(), Participant.OWNER);
        // The creator named again, or a duplicate entry, adds nobody twice (first entry wins).
        for (ConversationRequests.NewParticipant other : others) {
            store.addParticipant(conversation.id(), other.principalId(), other.type(), other.roleOrMember());
        }
        return conversation;
    }

    @Transactional
    Conversation update(Participation access, ConversationRequests.Update request) {
        requireManager(access);
        if (request.name() != null && request.name().isBlank()) {
            throw RequestBodies.invalidField("name", "must not be blank");
        }
        bodies.requireSize("metadata", request.metadata(), properties.maxMetadata());
        Conversation current = access.conversation();
        Conversation updated = store.update(current.id(),
                request.name() != null ? request.name() : current.name(),
                request.description() != null ? request.description() : current.description(),
                request.metadata() != null ? request.metadata() : current.metadata());
        events.publishEvent(ConversationEvent.durable(updated.id(), CONVERSATION_UPDATED, ConversationView.of(updated),
                access.participant().principalId()));
        return updated;
    }

    @Transactional
    void delete(Participation access) {
        if (!access.participant().isOwner()) {
            throw ProblemException.forbidden("Only the owner deletes a conversation.");
        }
        deleteConversation(access.conversation(), access.participant().principalId());
    }

    /** Deletes a conversation with its participants and messages (admin endpoints too). */
    @Transactional
    public void deleteConversation(Conversation conversation, String by) {
        store.delete(conversation.id(), conversation.orgId());
        // Not durable: the conversation's stored live events go with it.
        events.publishEvent(ConversationEvent.ephemeral(conversation.id(), CONVERSATION_DELETED,
                Map.of("id", conversation.id(), "orgId", conversation.orgId()), by));
    }

    record Joined(Participant participant, boolean created) {
    }

    @Transactional
    Joined join(String rawId, Caller caller) {
        Conversation conversation = visible(rawId, caller);
        Optional<Participant> existing = store.participant(conversation.id(), caller.actorId());
        if (existing.isPresent()) {
            // Joining again changes nothing: above all it never demotes an owner or admin (reference defect).
            return new Joined(existing.get(), false);
        }
        if (conversation.isPrivate()) {
            throw ProblemException.notFound("Conversation");
        }
        if (!caller.principal().isMemberOf(caller.orgId()) && !caller.principal().superAdmin()) {
            throw ProblemException.forbidden("Only members of the organization join its conversations.");
        }
        return new Joined(add(conversation.id(), caller.actorId(), caller.actorType().wire(), Participant.MEMBER), true);
    }

    @Transactional
    void leave(String rawId, Caller caller) {
        Participation access = access(rawId, caller);
        if (access.participant().isOwner()) {
            throw ProblemException.badRequest("The owner cannot leave the conversation; delete it instead.");
        }
        remove(access.conversation().id(), caller.actorId(), caller.actorId());
    }

    @Transactional
    Participant addParticipant(Participation access, ConversationRequests.NewParticipant request) {
        requireManager(access);
        if (Participant.ADMIN.equals(request.role()) && !access.participant().isOwner()) {
            throw ProblemException.forbidden("Only the owner makes participants admins.");
        }
        UUID id = access.conversation().id();
        if (store.participant(id, request.principalId()).isPresent()) {
            throw ProblemException.conflict("The principal already participates.");
        }
        members.require(access.conversation().orgId(), List.of(request.principalId()), "principalId", null);
        return add(id, request.principalId(), request.type(), request.roleOrMember());
    }

    @Transactional
    void removeParticipant(Participation access, String principalId) {
        requireManager(access);
        UUID id = access.conversation().id();
        Participant target = store.participant(id, principalId).orElseThrow(() -> ProblemException.notFound("Participant"));
        if (target.isOwner()) {
            throw ProblemException.badRequest("The owner cannot be removed.");
        }
        remove(id, principalId, access.participant().principalId());
    }

    // ---- helpers ----

    private ConversationStore.WithParticipant visibleWithParticipant(String rawId, Caller caller) {
        UUID id = Ids.require(rawId, "Conversation");
        return store.findWithParticipant(id, caller.orgId(), caller.actorId())
                .orElseThrow(() -> ProblemException.notFound("Conversation"));
    }

    private Conversation visible(String rawId, Caller caller) {
        UUID id = Ids.require(rawId, "Conversation");
        return store.find(id, caller.orgId()).orElseThrow(() -> ProblemException.notFound("Conversation"));
    }

    private static ProblemException notParticipant(Conversation conversation) {
        return conversation.isPrivate() ? ProblemException.notFound("Conversation")
                : ProblemException.forbidden("Not a participant of this conversation.");
    }

    private static void requireManager(Participation access) {
        if (!access.participant().canManage()) {
            throw ProblemException.forbidden("Only the conversation's owner or admins may do this.");
        }
    }

    /** Adds a participant (announcing it) unless present; the participant as it now is. */
    private Participant add(UUID conversationId, String principalId, String principalType, String role) {
        Optional<Participant> added = store.insertParticipant(conversationId, principalId, principalType, role);
        added.ifPresent(participant -> events.publishEvent(ConversationEvent.durable(conversationId,
                ParticipantEvent.JOINED, ParticipantEvent.of(participant), principalId)));
        // One round trip when it is new (the chat stream adds its assistant on every new conversation)
        return added.orElseGet(() -> store.participant(conversationId, principalId).orElseThrow());
    }

    private void remove(UUID conversationId, String principalId, String by) {
        store.removeNonOwner(conversationId, principalId).ifPresent(removed ->
                events.publishEvent(ConversationEvent.durable(conversationId, ParticipantEvent.LEFT,
                        ParticipantEvent.of(removed), by)));
    }

    private static String requireType(String principalType) {
        if (!Participant.USER.equals(principalType) && !Participant.AGENT.equals(principalType)) {
            throw new IllegalArgumentException("principalType must be user or agent, not " + principalType);
        }
        return principalType;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public static Map<String, Object> listing(List<Conversation> conversations, long total, Paging paging) {
        List<ConversationView> views = new ArrayList<>();
        conversations.forEach(c -> views.add(ConversationView.of(c)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversations", views);
        body.put("total", total);
        body.put("limit", paging.limit());
        body.put("offset", paging.offset());
        return body;
    }
}
