package dev.symbia.messaging.message;

import dev.symbia.messaging.conversation.Ids;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.web.problem.ProblemException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appending, reading, editing and deleting messages. Each append takes the conversation's next
 * sequence in the transaction that inserts the message (the conversation row is locked first, so
 * concurrent appends get distinct sequences without gaps) and is idempotent by message id. Live
 * events are published inside the transaction; the live package delivers them once it commits.
 */
@Service
public class Messages {

    public static final String NEW = "message:new";
    public static final String UPDATED = "message:updated";
    public static final String DELETED = "message:deleted";

    static final Set<String> SENDER_TYPES = Set.of("user", "agent", "service");
    static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "critical");

    private final MessageStore store;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    Messages(MessageStore store, TransactionTemplate transactions, ApplicationEventPublisher events) {
        this.store = store;
        this.transactions = transactions;
        this.events = events;
    }

    /** The result of an append: the stored message, and whether this call created it. */
    public record Appended(Message message, boolean created) {
    }

    /** Appends with the next sequence (idempotent by id); publishes message:new after commit. */
    public Message append(NewMessage message) {
        return appendOnce(message).message();
    }

    /**
     * As {@link #append}, telling a new message from a repeat. A repeated id returns the stored
     * message unchanged when it is the same sender's in the same conversation; any other reuse of
     * an id is a 409. Control events ({@code contentType "event"}) are stored without
     * {@code message:new}: the control package broadcasts them under their own name.
     */
    public Appended appendOnce(NewMessage message) {
        validate(message);
        boolean minted = message.id() == null;
        UUID id = minted ? UUID.randomUUID() : message.id();
        boolean joined = TransactionSynchronizationManager.isActualTransactionActive();
        try {
            return transactions.execute(status -> minted ? appendMinted(id, message) : appendLocked(id, message));
        } catch (DuplicateKeyException e) {
            // The same id inserted concurrently into another conversation: decide as for a repeat.
            if (joined) {
                throw e;
            }
            return store.find(message.orgId(), id).map(existing -> repeat(existing, message)).orElseThrow(() -> e);
        }
    }

    /** Final content, status and merged metadata of a message (a streamed reply); publishes message:updated. */
    public Message finish(UUID conversationId, UUID messageId, String content, MessageStatus status,
            Map<String, Object> metadata) {
        Objects.requireNonNull(status, "status");
        return transactions.execute(tx -> {
            Message finished = store.finish(conversationId, messageId, content, status, metadata)
                    .orElseThrow(() -> ProblemException.notFound("Message"));
            events.publishEvent(ConversationEvent.durable(conversationId, UPDATED, MessageView.of(finished), finished.senderId()));
            return finished;
        });
    }

    /** The last `limit` non-deleted, non-event messages, oldest first (prompt history). */
    public List<Message> recentTurns(UUID conversationId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return store.recentTurns(conversationId, limit);
    }

    /** A stored message of the conversation, if there is one (deleted ones included). */
    public Optional<Message> find(UUID conversationId, UUID messageId) {
        return store.find(conversationId, messageId);
    }

    /** The newest {@code limit} visible messages of a conversation (events included), newest first. */
    public List<Message> latest(UUID conversationId, int limit) {
        return store.newestBefore(conversationId, null, limit);
    }

    /** Visible messages of the org's conversations, of that type when given (admin stats). */
    public long countVisible(String orgId, String conversationType) {
        return store.countVisible(orgId, conversationType);
    }

    // ---- the REST endpoints ----

    /**
     * A page of visible messages, newest first. Without a cursor: the newest; {@code before}: those
     * just older than that sequence; {@code after}: those just newer. {@code hasMore} says whether
     * the next call in the same direction finds more, and the cursor to pass for it is given.
     */
    record Page(List<Message> messages, boolean hasMore, Long nextBefore, Long nextAfter) {
    }

    Page page(UUID conversationId, Long before, Long after, int limit) {
        if (after != null) {
            List<Message> rows = store.oldestAfter(conversationId, after, limit + 1);
            boolean more = rows.size() > limit;
            List<Message> page = new ArrayList<>(more ? rows.subList(0, limit) : rows);
            Collections.reverse(page);
            return new Page(page, more, null, more ? page.getFirst().sequence() : null);
        }
        List<Message> rows = store.newestBefore(conversationId, before, limit + 1);
        boolean more = rows.size() > limit;
        List<Message> page = more ? rows.subList(0, limit) : rows;
        return new Page(List.copyOf(page), more, more ? page.getLast().sequence() : null, null);
    }

    Message edit(UUID conversationId, String rawMessageId, String editorId, String content) {
        UUID id = Ids.require(rawMessageId, "Message");
        return transactions.execute(tx -> {
            Message message = ownVisible(conversationId, id, editorId, "edits");
            if (message.isEvent()) {
                throw ProblemException.badRequest("Control events cannot be edited.");
            }
            Message edited = store.edit(conversationId, id, content);
            events.publishEvent(ConversationEvent.durable(conversationId, UPDATED, MessageView.of(edited), editorId));
            return edited;
        });
    }

    void delete(UUID conversationId, String rawMessageId, String deleterId) {
        UUID id = Ids.require(rawMessageId, "Message");
        transactions.executeWithoutResult(tx -> {
            ownVisible(conversationId, id, deleterId, "deletes");
            store.softDelete(conversationId, id);
            events.publishEvent(ConversationEvent.durable(conversationId, DELETED,
                    Map.of("id", id, "conversationId", conversationId), deleterId));
        });
    }

    // ---- helpers ----

    /**
     * An id minted here cannot be a repeat, so the lock, the sequence and the insert are one statement: two
     * round trips fewer per message, each of which holds a pooled connection (the chat stream writes two).
     */
    private Appended appendMinted(UUID id, NewMessage message) {
        // The conversation's assistants come back with the insert, for message.new (AssistantFanout): one statement
        // less than reading them after the commit.
        MessageStore.Inserted inserted = store.insertNextWithAssistants(id, message)
                .orElseThrow(() -> ProblemException.notFound("Conversation"));
        // Checked after the row lock, as on the other path; a bad replyTo rolls the insert back.
        checkReplyTo(message);
        published(inserted.message(), inserted.assistants());
        return new Appended(inserted.message(), true);
    }

    private Appended appendLocked(UUID id, NewMessage message) {
        if (!store.lockConversation(message.conversationId(), message.orgId())) {
            throw ProblemException.notFound("Conversation");
        }
        Optional<Message> existing = store.find(message.orgId(), id);
        if (existing.isPresent()) {
            return repeat(existing.get(), message);
        }
        checkReplyTo(message);
        Message saved = store.insert(id, store.nextSequence(message.conversationId()), message);
        published(saved, null);
        return new Appended(saved, true);
    }

    private void checkReplyTo(NewMessage message) {
        if (message.replyTo() != null && store.find(message.conversationId(), message.replyTo()).isEmpty()) {
            throw RequestBodies.invalidField("replyTo", "must be a message of the same conversation");
        }
    }

    /** {@code assistants}: the conversation's, read with the insert, or null when not read. */
    private void published(Message saved, @Nullable List<String> assistants) {
        if (!saved.isEvent()) {
            events.publishEvent(ConversationEvent.durable(saved.conversationId(), NEW, MessageView.of(saved), saved.senderId())
                    .withAssistants(assistants));
        }
    }

    private static Appended repeat(Message existing, NewMessage message) {
        if (existing.conversationId().equals(message.conversationId()) && existing.senderId().equals(message.senderId())) {
            return new Appended(existing, false);
        }
        throw ProblemException.conflict("The message id is already in use.");
    }

    private Message ownVisible(UUID conversationId, UUID id, String principalId, String what) {
        Message message = store.find(conversationId, id).filter(m -> !m.isDeleted())
                .orElseThrow(() -> ProblemException.notFound("Message"));
        if (!message.senderId().equals(principalId)) {
            throw ProblemException.forbidden("Only the sender " + what + " a message.");
        }
        return message;
    }

    private static void validate(NewMessage m) {
        Objects.requireNonNull(m.conversationId(), "conversationId");
        Objects.requireNonNull(m.orgId(), "orgId");
        Objects.requireNonNull(m.senderId(), "senderId");
        Objects.requireNonNull(m.content(), "content");
        if (!SENDER_TYPES.contains(m.senderType())) {
            throw new IllegalArgumentException("senderType must be user, agent or service, not " + m.senderType());
        }
        if (!PRIORITIES.contains(m.priority())) {
            throw new IllegalArgumentException("priority must be low, normal, high or critical, not " + m.priority());
        }
    }
}
