package dev.symbia.assistants.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The execution context of one rule run: the event, and the conversation's state and context, which actions
 * change as they go (the caller persists them afterwards). Holds no credential: templates see everything here.
 */
public final class Run {

    final String runId = UUID.randomUUID().toString();
    final String orgId;
    final String conversationId;
    final String assistantKey;
    final String trigger;
    final Map<String, Object> message;
    final Map<String, Object> user;
    final Map<String, Object> event;
    final List<Map<String, Object>> roster;
    volatile String state;
    final Map<String, Object> context;
    final List<Map<String, Object>> steps = new ArrayList<>();
    private volatile Consumer<String> replyStream;
    /** What the assistant's agent was granted; null only for the engine on its own (tests, benchmarks). */
    private volatile Grants grants;
    /** The llm.invoke steps of the matched rule whose answer is the reply (set per matched rule). */
    volatile Set<String> streamedSteps = Set.of();

    /**
     * @param message the inbound message as data ({@code content}, {@code metadata}, …) — never interpolated
     * @param roster  the assistants visible in the org ({@code key, alias, name, description}), for assistants.list
     * @param state   the persisted conversation state ({@code idle} when new)
     * @param context the persisted conversation context (copied; the copy is what actions change)
     */
    public Run(String orgId, String conversationId, String assistantKey, String trigger, Map<String, Object> message,
            Map<String, Object> user, Map<String, Object> event, List<Map<String, Object>> roster, String state,
            Map<String, Object> context) {
        this.orgId = orgId;
        this.conversationId = conversationId;
        this.assistantKey = assistantKey;
        this.trigger = trigger;
        this.message = message == null ? Map.of() : message;
        this.user = user == null ? Map.of() : user;
        this.event = event == null ? Map.of() : event;
        this.roster = roster == null ? List.of() : roster;
        this.state = state == null ? StateMachine.INITIAL : state;
        this.context = Trees.deepCopy(context == null ? Map.of() : context);
    }

    public String runId() {
        return runId;
    }

    /**
     * Where the reply's text goes while a model writes it: only an {@code llm.invoke} whose answer is the whole
     * reply streams (see {@link StreamedSteps}); everything else appears when the run ends.
     */
    public Run streamReplyTo(Consumer<String> deltas) {
        this.replyStream = deltas;
        return this;
    }

    /**
     * What the assistant may do in this run: its agent's grants from identity. The service always sets them; an
     * action needing a capability that is not granted fails (see {@link Grants#required}).
     */
    public Run actingWith(Grants grants) {
        this.grants = grants;
        return this;
    }

    /** The grants this run acts with, or null when the engine runs on its own. */
    Grants grants() {
        return grants;
    }

    /** The sink for this llm.invoke step's text, or null when the step must not stream. */
    Consumer<String> replySink(String stepId) {
        Consumer<String> sink = replyStream;
        return sink != null && streamedSteps.contains(stepId) ? sink : null;
    }

    /** What conditions resolve fields against (§3.4). */
    Map<String, Object> conditionRoot(Map<String, Object> context) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("orgId", orgId);
        root.put("conversationId", conversationId);
        root.put("conversationState", state);
        root.put("trigger", trigger);
        root.put("event", event);
        root.put("message", message);
        root.put("user", user);
        root.put("context", context);
        root.put("metadata", Map.of("assistantKey", assistantKey, "runId", runId));
        return root;
    }

    /** What templates resolve against (§3.6): context keys hoisted, then the named parts win. */
    Map<String, Object> scope(Map<String, Object> context) {
        Map<String, Object> scope = new LinkedHashMap<>(context);
        scope.put("context", context);
        scope.put("message", message);
        scope.put("user", user);
        scope.put("org", Map.of("id", orgId == null ? "" : orgId));
        scope.put("conversation", Map.of("id", conversationId == null ? "" : conversationId, "state", state));
        scope.put("assistant", Map.of("key", assistantKey));
        scope.put("assistants", roster);
        scope.put("steps", context.getOrDefault("steps", Map.of()));
        scope.put("event", event);
        return scope;
    }
}
