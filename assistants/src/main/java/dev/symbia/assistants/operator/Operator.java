package dev.symbia.assistants.operator;

import dev.symbia.auth.ActingTokenClient;
import dev.symbia.assistants.definition.AssistantDefinition;
import dev.symbia.assistants.streaming.ReplyDeltas;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator assistant ({@code symbia}): a user says in plain language what to do; the model plans with tool
 * calling over the platform operations that user may perform ({@link OperatorTools}), and the operator runs them
 * as the user ({@link ActingTokenClient}: every callee checks the user's own capabilities), reporting each step in the
 * conversation as it happens. A step that changes something outside the platform waits for the user's explicit
 * yes (a reply in the conversation, or {@code POST /api/operator/confirmations/{id}}); the run waits persisted,
 * so any replica resumes it. Bounded: at most {@code maxSteps} model turns and tool calls per request, each with
 * its own timeout; a failure is shown as a step, never swallowed.
 */
@Service
public class Operator {

    private static final Logger log = LoggerFactory.getLogger(Operator.class);
    private static final Pattern YES = Pattern.compile("(?i)\\s*(yes|y|confirm|confirmed|go ahead|ok|okay)[.!]?\\s*");
    private static final Pattern NO = Pattern.compile("(?i)\\s*(no|n|cancel|stop|abort)[.!]?\\s*");
    private static final int MAX_RESULT_CHARS = 2_000;
    private static final int MAX_TOOL_MESSAGE_CHARS = 8_000;
    static final String SYSTEM_PROMPT = """
            You are Symbia, the operator of this platform. You act for the user who wrote to you, through the tools \
            you are given: they are exactly the platform operations this user may perform. Call tools to do what the \
            user asked; never invent results. Tools that change something outside the platform (deploys, uploads, \
            pipeline runs) are confirmed by the user before they run; if the user cancels, stop. When you are done, \
            answer briefly with what you did and what you found.""";

    private final OperatorProperties properties;
    private final OperatorTools tools;
    private final OperatorModel model;
    /** Absent without INTERNAL_SERVICE_SECRET (libs/auth creates it only then): the operator then cannot act. */
    private final ObjectProvider<ActingTokenClient> tokens;
    private final ActingHttp http;
    private final OperatorStore store;
    private final OperatorMessages messages;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService resumes = Executors.newVirtualThreadPerTaskExecutor();
    /** This replica, as the holder of the runs it works on. */
    private final String instance = "assistants-" + UUID.randomUUID();

    Operator(OperatorProperties properties, OperatorTools tools, OperatorModel model, ObjectProvider<ActingTokenClient> tokens,
            ActingHttp http, OperatorStore store, OperatorMessages messages, JsonMapper json) {
        this.properties = properties;
        this.tools = tools;
        this.model = model;
        this.tokens = tokens;
        this.http = http;
        this.store = store;
        this.messages = messages;
        this.json = json;
    }

    /** Whether {@code assistant} is the operator (the platform's own {@code symbia}, not an org's look-alike). */
    public boolean handles(AssistantDefinition assistant) {
        return properties.enabled() && assistant.orgId() == null && assistant.key().equals(properties.key());
    }

    /**
     * A user's message to the operator: a yes or no to their pending confirmation, or a new request. Runs on the
     * caller's thread (messaging's event worker) until the request is answered or waits for a confirmation.
     */
    public void onMessage(String org, String conversationId, JsonNode message, String content) {
        if (!"user".equals(message.path("senderType").asString(""))) {
            return; // the operator acts only for people
        }
        String userId = message.path("senderId").asString("");
        Optional<OperatorStore.ConfirmationRow> live = Optional.empty();
        for (OperatorStore.ConfirmationRow pending : store.pending(org, conversationId, userId)) {
            if (pending.expired(clock.instant())) {
                expire(pending);
            } else if (live.isEmpty()) {
                live = Optional.of(pending);
            }
        }
        if (live.isPresent()) {
            boolean yes = YES.matcher(content).matches();
            if (yes || NO.matcher(content).matches()) {
                decide(live.get(), yes);
                return;
            }
            decide(live.get(), false); // a new request instead of an answer: the pending step is not done
        }
        start(org, conversationId, userId, content);
    }

    /** The outcome of a decision through the API. */
    enum Decision {
        DONE, ALREADY_DECIDED, EXPIRED
    }

    /** The user's decision through the API; the run continues in the background. */
    Decision decide(OperatorStore.ConfirmationRow confirmation, String decision) {
        if (!"pending".equals(confirmation.status())) {
            return Decision.ALREADY_DECIDED;
        }
        if (confirmation.expired(clock.instant())) {
            expire(confirmation);
            return Decision.EXPIRED;
        }
        boolean yes = "confirm".equals(decision);
        if (!store.decide(confirmation.org(), confirmation.id(), yes ? "confirmed" : "cancelled")) {
            return Decision.ALREADY_DECIDED;
        }
        messages.confirmation(channel(confirmation), confirmation.id().toString(), yes ? "confirmed" : "cancelled");
        resumes.execute(() -> afterDecision(confirmation, yes));
        return Decision.DONE;
    }

    private void decide(OperatorStore.ConfirmationRow confirmation, boolean yes) {
        if (!store.decide(confirmation.org(), confirmation.id(), yes ? "confirmed" : "cancelled")) {
            return; // decided meanwhile (the API, another replica)
        }
        messages.confirmation(channel(confirmation), confirmation.id().toString(), yes ? "confirmed" : "cancelled");
        afterDecision(confirmation, yes);
    }

    /** Expires confirmations nobody answered in time, saying so in their conversations (any replica may sweep). */
    void expireOverdue() {
        store.overdue(100).forEach(this::expire);
    }

    private void expire(OperatorStore.ConfirmationRow confirmation) {
        if (store.decide(confirmation.org(), confirmation.id(), "expired")) {
            messages.confirmation(channel(confirmation), confirmation.id().toString(), "expired");
            store.run(confirmation.org(), confirmation.runId()).ifPresent(run ->
                    save(run, "cancelled", run.steps(), run.state()));
        }
    }

    private void afterDecision(OperatorStore.ConfirmationRow confirmation, boolean yes) {
        try {
            OperatorStore.RunRow run = store.run(confirmation.org(), confirmation.runId()).orElseThrow();
            OperatorMessages.Channel to = channel(run);
            if (!yes) {
                save(run, "cancelled", run.steps(), run.state());
                return;
            }
            if (!store.resume(run.org(), run.id(), instance, properties.lease())) {
                return; // already going on elsewhere
            }
            Optional<ActingTokenClient.Acting> acting = actingFor(to, run.userId());
            if (acting.isEmpty()) {
                save(run, "failed", run.steps(), run.state());
                return;
            }
            List<Map<String, Object>> history = new ArrayList<>(run.state().messages());
            OperatorTool tool = tools.find(confirmation.tool()).orElseThrow();
            OperatorModel.ToolCall call = new OperatorModel.ToolCall(confirmation.toolCallId(), tool.name(), "");
            if (!acting.get().principal().hasCapability(tool.capability())) {
                refuse(to, call, "you no longer hold " + tool.capability(), history); // lost it while we waited
            } else {
                execute(to, acting.get(), tool, call, confirmation.arguments(), history);
            }
            proceed(run, acting.get(), history, new ArrayList<>(run.state().queue()), run.steps());
        } catch (RuntimeException e) {
            log.error("Operator run after confirmation {} failed: {}", confirmation.id(), e.toString());
        }
    }

    private void start(String org, String conversationId, String userId, String content) {
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(Map.of("role", "system", "content", SYSTEM_PROMPT));
        history.add(Map.of("role", "user", "content", content));
        UUID runId = store.createRun(org, conversationId, userId, properties.key(), content, instance, properties.lease());
        OperatorStore.RunRow run = new OperatorStore.RunRow(runId, org, conversationId, userId, properties.key(),
                "running", 0, new OperatorStore.RunState(List.of(), List.of()));
        // persisted before anything else happens, so a replica that takes the run over knows what was asked
        if (!save(run, "running", 0, new OperatorStore.RunState(history, List.of()))) {
            return;
        }
        Optional<ActingTokenClient.Acting> acting = actingFor(channel(run), userId);
        if (acting.isEmpty()) {
            save(run, "failed", 0, new OperatorStore.RunState(history, List.of()));
            return;
        }
        proceed(run, acting.get(), history, new ArrayList<>(), 0);
    }

    /** Works off queued tool calls, then asks the model again, until it answers, a step waits, or the bound is hit. */
    private void proceed(OperatorStore.RunRow run, ActingTokenClient.Acting acting, List<Map<String, Object>> history,
            List<OperatorModel.ToolCall> queue, int steps) {
        OperatorMessages.Channel to = channel(run);
        while (true) {
            while (!queue.isEmpty() && steps < properties.maxSteps()) {
                OperatorModel.ToolCall call = queue.removeFirst();
                steps++;
                if (handle(run, to, acting, call, history)) {
                    save(run, "awaiting_confirmation", steps, new OperatorStore.RunState(history, queue));
                    return;
                }
                if (!save(run, "running", steps, new OperatorStore.RunState(history, queue))) {
                    return; // another replica took the run over: it goes on from what was saved
                }
            }
            if (steps >= properties.maxSteps()) {
                messages.answer(to, "I stopped after " + properties.maxSteps() + " steps without finishing: tell me "
                        + "how to go on, or ask for something smaller.");
                save(run, "failed", steps, new OperatorStore.RunState(history, queue));
                return;
            }
            OperatorModel.Turn turn;
            String messageId = UUID.randomUUID().toString(); // the answer's, if this turn is the answer
            ReplyDeltas live = messages.deltas(to, messageId);
            try {
                turn = model.next(acting, history, tools.offered(acting.principal().caps(), acting.principal().superAdmin()),
                        live == null ? text -> { } : live);
            } catch (OperatorModel.ModelFailure e) {
                flush(live);
                messages.answer(to, "⚠️ I stopped: " + e.getMessage(), streamed(live) ? messageId : null);
                save(run, "failed", steps, new OperatorStore.RunState(history, queue));
                return;
            }
            flush(live);
            steps++;
            if (turn.toolCalls().isEmpty()) {
                messages.answer(to, turn.content().isBlank() ? "Done." : turn.content(), streamed(live) ? messageId : null);
                save(run, "succeeded", steps, new OperatorStore.RunState(history, queue));
                return;
            }
            if (streamed(live)) {
                messages.note(to, turn.content(), messageId); // what it said before asking for tools, closed
            }
            Map<String, Object> asked = new LinkedHashMap<>();
            asked.put("role", "assistant");
            if (!turn.content().isBlank()) {
                asked.put("content", turn.content());
            }
            asked.put("toolCalls", turn.toolCalls().stream().map(OperatorModel.ToolCall::wire).toList());
            history.add(asked);
            messages.plan(to, turn.toolCalls().stream().map(c -> Map.<String, Object>of("tool", c.name(),
                    "summary", summary(c.name(), parse(c.arguments()).orElse(Map.of())))).toList());
            queue.addAll(turn.toolCalls());
            if (!save(run, "running", steps, new OperatorStore.RunState(history, queue))) {
                return;
            }
        }
    }

    /**
     * Runs whose replica died (their lease ran out while running) are taken over here: each goes on from its saved
     * state, a step that was under way when the holder died is reported as interrupted (it may or may not have
     * happened: never run twice unasked), and the model decides what next. A run that cannot go on fails with a
     * message in its conversation. Any replica may sweep; one statement claims each run.
     */
    void takeOverAbandoned() {
        for (OperatorStore.RunRow run : store.takeOverAbandoned(instance, properties.lease(), 20)) {
            resumes.execute(() -> continueAbandoned(run));
        }
    }

    private void continueAbandoned(OperatorStore.RunRow run) {
        OperatorMessages.Channel to = channel(run);
        try {
            List<Map<String, Object>> history = new ArrayList<>(run.state().messages());
            List<OperatorModel.ToolCall> queue = new ArrayList<>(run.state().queue());
            if (history.isEmpty()) {
                messages.answer(to, "⚠️ I was interrupted before I could start (the service restarted). Please ask again.");
                save(run, "failed", run.steps(), run.state());
                return;
            }
            log.info("Taking over operator run {} in {} after its replica stopped", run.id(), run.org());
            Optional<ActingTokenClient.Acting> acting = actingFor(to, run.userId());
            if (acting.isEmpty()) {
                save(run, "failed", run.steps(), run.state());
                return;
            }
            for (OperatorModel.ToolCall call : unanswered(history, queue)) {
                messages.step(to, call.id(), call.name(), "failed", "interrupted: the service restarted while this "
                        + "ran; it may or may not have happened, so check before asking for it again", null);
                history.add(toolMessage(call, "error: interrupted by a restart; whether it happened is unknown. Do not "
                        + "repeat it without asking the user."));
            }
            proceed(run, acting.get(), history, queue, run.steps());
        } catch (RuntimeException e) {
            log.error("Taking over operator run {} failed: {}", run.id(), e.toString());
            messages.answer(to, "⚠️ I was interrupted and could not go on. Please ask again.");
            save(run, "failed", run.steps(), run.state());
        }
    }

    /** Tool calls the model asked for that have neither a result in the history nor a place in the queue. */
    private List<OperatorModel.ToolCall> unanswered(List<Map<String, Object>> history, List<OperatorModel.ToolCall> queue) {
        java.util.Set<String> answered = new java.util.HashSet<>();
        queue.forEach(c -> answered.add(c.id()));
        history.stream().filter(m -> "tool".equals(m.get("role"))).forEach(m -> answered.add(String.valueOf(m.get("toolCallId"))));
        List<OperatorModel.ToolCall> out = new ArrayList<>();
        for (Map<String, Object> m : history) {
            if ("assistant".equals(m.get("role")) && m.get("toolCalls") instanceof List<?> calls) {
                for (Object c : calls) {
                    if (c instanceof Map<?, ?> call && call.get("function") instanceof Map<?, ?> f
                            && !answered.contains(String.valueOf(call.get("id")))) {
                        out.add(new OperatorModel.ToolCall(String.valueOf(call.get("id")), String.valueOf(f.get("name")),
                                String.valueOf(f.get("arguments"))));
                    }
                }
            }
        }
        return out;
    }

    /** Saves the run as this replica; false when another replica holds it now. */
    private boolean save(OperatorStore.RunRow run, String status, int steps, OperatorStore.RunState state) {
        boolean saved = store.saveRun(run.org(), run.id(), status, steps, state, instance, properties.lease());
        if (!saved) {
            log.info("Operator run {} is held by another replica now; this one stops", run.id());
        }
        return saved;
    }

    private static void flush(ReplyDeltas live) {
        if (live != null) {
            live.flush();
        }
    }

    private static boolean streamed(ReplyDeltas live) {
        return live != null && live.streamed();
    }

    /** One tool call the model asked for; true when it now waits for the user's confirmation. */
    private boolean handle(OperatorStore.RunRow run, OperatorMessages.Channel to, ActingTokenClient.Acting acting,
            OperatorModel.ToolCall call, List<Map<String, Object>> history) {
        Optional<OperatorTool> found = tools.find(call.name());
        if (found.isEmpty()) {
            refuse(to, call, "there is no tool named " + call.name(), history);
            return false;
        }
        OperatorTool tool = found.get();
        if (!acting.principal().hasCapability(tool.capability())) {
            refuse(to, call, "you do not hold " + tool.capability() + " in this organization", history);
            return false;
        }
        Optional<Map<String, Object>> arguments = parse(call.arguments());
        if (arguments.isEmpty()) {
            messages.step(to, call.id(), call.name(), "failed", "the model's arguments were not a JSON object", null);
            history.add(toolMessage(call, "error: the arguments were not a JSON object"));
            return false;
        }
        if (tool.confirm()) {
            String summary = summary(tool.name(), arguments.get());
            UUID id = store.createConfirmation(run, call, arguments.get(), summary,
                    clock.instant().plus(properties.confirmationTtl()));
            messages.confirm(to, id.toString(), tool.name(), arguments.get(), summary);
            return true;
        }
        execute(to, acting, tool, call, arguments.get(), history);
        return false;
    }

    private void refuse(OperatorMessages.Channel to, OperatorModel.ToolCall call, String why,
            List<Map<String, Object>> history) {
        messages.step(to, call.id(), call.name(), "refused", "not done: " + why, null);
        history.add(toolMessage(call, "refused: " + why + ". Do not try it another way; tell the user."));
    }

    /** Runs a tool as the user and reports it: running, then succeeded, failed or refused (the callee said 401/403). */
    private void execute(OperatorMessages.Channel to, ActingTokenClient.Acting acting, OperatorTool tool,
            OperatorModel.ToolCall call, Map<String, Object> arguments, List<Map<String, Object>> history) {
        String summary = summary(tool.name(), arguments);
        messages.step(to, call.id(), tool.name(), "running", summary, null);
        OperatorTool.HttpCall request;
        try {
            request = tool.call().apply(arguments);
        } catch (RuntimeException e) {
            messages.step(to, call.id(), tool.name(), "failed", "invalid arguments: " + e.getMessage(), null);
            history.add(toolMessage(call, "error: invalid arguments: " + e.getMessage()));
            return;
        }
        ActingHttp.Reply reply;
        try {
            reply = http.send(acting, request.method(), request.service(), request.path(), request.body(),
                    properties.toolTimeout());
        } catch (InterruptedIOException e) {
            fail(to, call, tool, "timed out after " + properties.toolTimeout().toSeconds() + " s", history);
            return;
        } catch (IOException e) {
            fail(to, call, tool, "the " + request.service() + " service could not be reached", history);
            return;
        }
        if (reply.status() == 401 || reply.status() == 403) {
            messages.step(to, call.id(), tool.name(), "refused", "the " + request.service() + " service refused: "
                    + reply.problem(), null);
            history.add(toolMessage(call, "refused by the service: " + reply.problem()));
        } else if (!reply.ok()) {
            fail(to, call, tool, reply.status() + " " + reply.problem(), history);
        } else {
            String text = json.writeValueAsString(reply.body());
            messages.step(to, call.id(), tool.name(), "succeeded", summary, small(reply.body(), text));
            history.add(toolMessage(call, text.length() > MAX_TOOL_MESSAGE_CHARS
                    ? text.substring(0, MAX_TOOL_MESSAGE_CHARS) + "…(truncated)" : text));
        }
    }

    private void fail(OperatorMessages.Channel to, OperatorModel.ToolCall call, OperatorTool tool, String why,
            List<Map<String, Object>> history) {
        messages.step(to, call.id(), tool.name(), "failed", why, null);
        history.add(toolMessage(call, "error: " + why));
    }

    private Optional<ActingTokenClient.Acting> actingFor(OperatorMessages.Channel to, String userId) {
        ActingTokenClient client = tokens.getIfAvailable();
        if (client == null) {
            log.warn("The operator cannot act for {} in {}: no INTERNAL_SERVICE_SECRET, so no acting tokens", userId, to.org());
            messages.answer(to, "⚠️ I cannot act for anyone here: this platform's assistants service is not allowed to "
                    + "act for users (no service secret configured).");
            return Optional.empty();
        }
        try {
            Optional<ActingTokenClient.Acting> acting = client.forUser(userId, to.org());
            if (acting.isEmpty()) {
                messages.answer(to, "I can only act for members of this organization.");
            }
            return acting;
        } catch (IOException e) {
            log.warn("No acting token for {} in {}: {}", userId, to.org(), e.getMessage());
            messages.answer(to, "⚠️ I cannot act for you right now: identity did not answer. Try again shortly.");
            return Optional.empty();
        }
    }

    /** A small result for the step card: the body when short, else a preview. */
    private Object small(JsonNode body, String text) {
        if (text.length() <= MAX_RESULT_CHARS) {
            return body;
        }
        return Map.of("truncated", true, "preview", text.substring(0, 500));
    }

    private String summary(String tool, Map<String, Object> arguments) {
        String args = json.writeValueAsString(arguments);
        return tool + " " + (args.length() > 300 ? args.substring(0, 300) + "…" : args);
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> parse(String arguments) {
        try {
            Object value = json.readValue(arguments == null || arguments.isBlank() ? "{}" : arguments, Object.class);
            return value instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> toolMessage(OperatorModel.ToolCall call, String content) {
        return Map.of("role", "tool", "toolCallId", call.id(), "content", content);
    }

    private static OperatorMessages.Channel channel(OperatorStore.RunRow run) {
        return new OperatorMessages.Channel(run.org(), run.conversationId(), run.assistantKey(), run.id().toString());
    }

    private OperatorMessages.Channel channel(OperatorStore.ConfirmationRow confirmation) {
        return new OperatorMessages.Channel(confirmation.org(), confirmation.conversationId(), properties.key(),
                confirmation.runId().toString());
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        resumes.shutdown();
    }
}
