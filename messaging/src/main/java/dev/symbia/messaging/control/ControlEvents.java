package dev.symbia.messaging.control;

import dev.symbia.auth.Caller;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.messaging.conversation.Participation;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.messaging.message.Message;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import dev.symbia.messaging.message.NewMessage;
import dev.symbia.web.problem.ProblemException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Control events (reference §2.3): stored as a message ({@code content_type "event"}, priority
 * high, not interruptible, the payload as {@code metadata.control}) and broadcast as a durable live
 * event named after the event. The server only stores and broadcasts; whoever streams a reply
 * interprets them (the chat stream stops a reply on {@code stream.cancel} with its message id).
 * Unlike the reference, unknown event names are refused.
 */
@Service
public class ControlEvents {

    public static final List<String> EVENTS = List.of("stream.pause", "stream.resume", "stream.preempt", "stream.cancel",
            "stream.route", "stream.handoff", "stream.priority");
    static final String INTERRUPT = "cap:messaging.interrupt";
    static final String ROUTE = "cap:messaging.route";

    private final Messages messages;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ControlEvents(Messages messages, ApplicationEventPublisher events, TransactionTemplate transactions) {
        this.messages = messages;
        this.events = events;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /** The capability an event needs: routing and handing off are more than interrupting. */
    public static String capabilityFor(String event) {
        return event.equals("stream.route") || event.equals("stream.handoff") ? ROUTE : INTERRUPT;
    }

    static void requireKnown(String event) {
        if (!EVENTS.contains(event)) {
            throw RequestBodies.invalidField("event", "must be one of " + String.join(", ", EVENTS));
        }
    }

    /** Checks, stores and broadcasts; the stored control message. */
    Message send(Participation access, Caller caller, ControlRequest request) {
        requireKnown(request.event());
        if (!caller.hasCapability(capabilityFor(request.event()))) {
            throw ProblemException.forbidden("Sending " + request.event() + " needs " + capabilityFor(request.event()) + ".");
        }
        UUID conversationId = access.conversation().id();
        ControlRequest.Target target = request.target();
        if (target != null && target.messageId() != null && messages.find(conversationId, target.messageId()).isEmpty()) {
            throw RequestBodies.invalidField("target.messageId", "must be a message of the same conversation");
        }
        UUID messageId = UUID.randomUUID();
        ControlPayload payload = new ControlPayload(request.event(), conversationId,
                target == null ? null : new ControlTarget(target.principalId(), target.principalType(), target.messageId()),
                request.reason(), request.preemptedBy(), request.runId(), request.traceId(), clock.instant(), messageId);
        Map<String, Object> metadata = new LinkedHashMap<>(request.metadata() == null ? Map.of() : request.metadata());
        metadata.put("control", payload.toMap());
        return transactions.execute(tx -> {
            Message stored = messages.append(new NewMessage(messageId, conversationId, caller.orgId(), caller.actorId(),
                    caller.actorType().wire(), request.event(), NewMessage.EVENT, MessageStatus.COMPLETE, null, request.runId(),
                    request.traceId(), "high", false, request.preemptedBy(), metadata));
            events.publishEvent(ConversationEvent.durable(conversationId, request.event(), payload, caller.actorId()));
            return stored;
        });
    }
}
