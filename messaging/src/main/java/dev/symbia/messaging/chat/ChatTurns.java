package dev.symbia.messaging.chat;

import dev.symbia.auth.Caller;
import dev.symbia.messaging.conversation.Conversation;
import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.conversation.Participant;
import dev.symbia.messaging.message.Message;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import dev.symbia.messaging.message.NewMessage;
import dev.symbia.web.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything that happens before the first byte of a chat stream (SPEC §4), in two steps so the provider
 * call can start between them. {@link #plan} only reads: the conversation is found (another org's, or one
 * the caller is not in, is a 404) and the prompt is built — the assistant's system prompt, then the
 * request's history or else the conversation's own, then the new message. {@link #persist} then writes, in
 * one transaction, while the provider is already thinking: the conversation when it is new, the assistant
 * as a participant, the user's message, and the reply as a {@code streaming} message (its id is
 * {@code X-Message-Id}). Nothing is streamed to the caller before those writes committed.
 */
final class ChatTurns {

    static final String AGENT = Participant.AGENT;

    private final Conversations conversations;
    private final Messages messages;
    private final AssistantPrompts prompts;
    private final ChatProperties properties;
    private final TransactionTemplate transactions;
    private final TurnWrites writes;

    ChatTurns(Conversations conversations, Messages messages, AssistantPrompts prompts, ChatProperties properties,
            TransactionTemplate transactions, TurnWrites writes) {
        this.transactions = transactions;
        this.writes = writes;
        this.conversations = conversations;
        this.messages = messages;
        this.prompts = prompts;
        this.properties = properties;
    }

    /** A turn ready to be written: who asks, in which conversation (null: a new one), and the provider call. */
    record Plan(Caller caller, SendRequest request, UUID conversationId, String assistantKey, String requestId,
            String traceId, IntegrationsClient.Ask ask) {

        String assistantSender() {
            return "assistant:" + assistantKey;
        }
    }

    /**
     * A turn ready to stream. {@code replyStoredElsewhere}: a rule-driven assistant answers, and its answer is stored
     * when it arrives, not by the chat stream.
     */
    record Turn(UUID conversationId, String orgId, Message userMessage, Message reply, String assistantSender,
            boolean replyStoredElsewhere) {
    }

    Plan plan(Caller caller, SendRequest request, String requestId, String traceId) {
        String assistantKey = request.assistant() != null ? request.assistant() : properties.defaultAssistant();
        // The catalog lookup (HTTP, cached) happens before any transaction, never inside one.
        String systemPrompt = prompts.systemPrompt(assistantKey);
        List<Map<String, String>> prompt = new ArrayList<>();
        prompt.add(turn("system", systemPrompt));
        UUID conversationId = null;
        if (request.conversationId() != null) {
            conversationId = conversations.findForParticipant(request.conversationId(), caller.orgId(),
                    caller.actorId()).orElseThrow(() -> ProblemException.notFound("Conversation")).id();
        }
        if (!request.historyOrEmpty().isEmpty()) {
            request.historyOrEmpty().forEach(t -> prompt.add(turn(t.role(), t.content())));
        } else if (conversationId != null && properties.historyLimit() > 0) {
            for (Message earlier : messages.recentTurns(conversationId, properties.historyLimit())) {
                if (earlier.status() != MessageStatus.STREAMING && !earlier.content().isEmpty()) {
                    prompt.add(turn(isAssistant(earlier) ? "assistant" : "user", earlier.content()));
                }
            }
        }
        prompt.add(turn("user", request.content()));
        // Integrations looks up vault credentials by the principal's own id (a user, or an agent's row id).
        IntegrationsClient.Ask ask = new IntegrationsClient.Ask(caller.principal().id(), caller.orgId(), requestId,
                request.provider(), request.model(), request.temperature(), request.maxTokens(), prompt);
        return new Plan(caller, request, conversationId, assistantKey, requestId, traceId, ask);
    }

    /**
     * The turn's writes, one transaction (one commit on the way to the first byte instead of four), on a
     * {@link TurnWrites} thread; 503 when too many turns are waiting for one.
     */
    Turn persist(Plan plan) {
        return writes.run(() -> transactions.execute(status -> write(plan, null)));
    }

    /**
     * As {@link #persist}, for a turn the rule-driven assistant answers: the user's message is addressed to it and
     * names the reply's reserved id ({@code replyId}), so it reaches that assistant alone on the network.
     */
    Turn persistForAssistant(Plan plan, UUID replyId) {
        return writes.run(() -> transactions.execute(status -> write(plan, replyId)));
    }

    private Turn write(Plan plan, UUID assistantReplyId) {
        Caller caller = plan.caller();
        SendRequest request = plan.request();
        String orgId = caller.orgId();
        String senderId = caller.actorId();
        String senderType = caller.actorType().wire();
        String assistantSender = plan.assistantSender();
        // The assistant takes part before the message arrives, so the message reaches it on the network
        // (message.new); "answeredBy" tells assistants this turn's reply is already being generated here.
        UUID conversationId = plan.conversationId();
        if (conversationId == null) {
            conversationId = conversations.createPrivateWithAgent(orgId, senderId, senderType, title(request.content()),
                    assistantSender).id();
        } else {
            conversations.ensureParticipant(conversationId, assistantSender, AGENT);
        }
        boolean viaAssistant = assistantReplyId != null;
        Map<String, Object> userMetadata = viaAssistant
                ? Map.of("addressedTo", plan.assistantKey(), "replyMessageId", assistantReplyId.toString())
                : Map.of("answeredBy", "messaging.chat");
        Message userMessage = messages.append(NewMessage.text(conversationId, orgId, senderId, senderType,
                request.content(), MessageStatus.COMPLETE, userMetadata).inReplyTo(null, plan.traceId()));
        Map<String, Object> replyMetadata = new LinkedHashMap<>();
        replyMetadata.put("assistant", plan.assistantKey());
        NewMessage placeholder = NewMessage.text(conversationId, orgId, assistantSender, AGENT, "",
                MessageStatus.STREAMING, replyMetadata).inReplyTo(userMessage.id(), plan.traceId());
        Message reply = messages.append(viaAssistant ? placeholder.withId(assistantReplyId) : placeholder);
        return new Turn(conversationId, orgId, userMessage, reply, assistantSender, viaAssistant);
    }

    private static boolean isAssistant(Message message) {
        return AGENT.equals(message.senderType()) || message.senderId().startsWith("assistant:");
    }

    private static Map<String, String> turn(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    // A new conversation is named after the start of its first message.
    private static String title(String content) {
        String line = content.strip().lines().findFirst().orElse("").strip();
        return line.length() <= 80 ? line : line.substring(0, 79) + "…";
    }
}
