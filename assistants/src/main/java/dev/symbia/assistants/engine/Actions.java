package dev.symbia.assistants.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The action catalogue (§3.5) for the actions that need no third party, plus {@code llm.invoke} through
 * integrations. Every action is executed on a context map: the run's own, or a copy for loop iterations and
 * parallel branches. Actions of the reference that are not built here fail with a clear message (see README).
 */
final class Actions {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Actions.class);

    static final String UNKNOWN = "unknown action type";
    /** Never built: unsandboxed code execution (reference §3.7). */
    static final Set<String> REFUSED = Set.of("code.tool.invoke", "workspace.create", "workspace.destroy");
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Duration BRANCH_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ITERATIONS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "critical");

    private final Llm llm;
    private final Handoffs handoffs;
    private final Webhooks webhooks;
    private final Services services;

    Actions(Llm llm, Handoffs handoffs, Webhooks webhooks, Services services) {
        this.llm = llm;
        this.handoffs = handoffs;
        this.webhooks = webhooks;
        this.services = services;
    }

    ActionResult execute(Map<String, Object> action, Run run, Map<String, Object> ctx) {
        String type = String.valueOf(action.get("type"));
        String id = action.get("id") instanceof String s ? s : type;
        Map<String, Object> params = action.get("params") instanceof Map<?, ?> p ? cast(p) : Map.of();
        long start = System.nanoTime();
        List<ActionResult> nested = new ArrayList<>();
        String source = type;
        try {
            requireGranted(type, params, run);
            Object output = switch (type) {
                case "message.send" -> messageSend(params, run, ctx);
                case "llm.invoke" -> llmInvoke(id, params, run, ctx);
                case "tool.invoke" -> {
                    source = "tool:" + params.get("tool");
                    yield toolInvoke(id, params, run, ctx);
                }
                case "context.update" -> contextUpdate(params, run, ctx);
                case "state.transition" -> stateTransition(params, run);
                case "condition" -> condition(params, run, ctx, nested);
                case "parallel" -> parallel(params, run, ctx, nested);
                case "loop" -> loop(params, run, ctx, nested);
                case "wait" -> waitFor(params);
                case "assistant.route" -> assistantRoute(params, run, ctx);
                case "webhook.call" -> webhook(params, run, ctx);
                case "notify" -> notify(params, run, ctx);
                case "embedding.route" -> embeddingRoute(params, run, ctx);
                case "service.call" -> {
                    source = "service:" + params.get("service");
                    yield serviceCall(id, params, run, ctx);
                }
                case "integration.invoke" -> {
                    source = "integration:" + params.get("operation");
                    yield integrationInvoke(id, params, run, ctx);
                }
                case "handoff.create" -> {
                    String priority = params.get("priority") instanceof String p ? p : "normal";
                    if (!PRIORITIES.contains(priority)) {
                        throw new ActionFailure("handoff priority must be low, normal, high or critical");
                    }
                    Map<String, Object> scope = run.scope(ctx);
                    yield handoffs.create(run.orgId, run.conversationId, run.assistantKey,
                            params.get("reason") instanceof String r ? Templates.render(r, scope) : null, priority,
                            params.get("contextSummary") instanceof String cs ? Templates.render(cs, scope) : null);
                }
                case "handoff.assign" -> handoffs.assign(run.orgId, requireText(params, "handoffId", run, ctx),
                        requireText(params, "agentId", run, ctx));
                case "handoff.resolve" -> handoffs.resolve(run.orgId, requireText(params, "handoffId", run, ctx),
                        params.get("resolution") instanceof String r ? Templates.render(r, run.scope(ctx)) : null);
                default -> {
                    if (REFUSED.contains(type)) {
                        throw new ActionFailure(type + " is not available: code execution is never offered");
                    }
                    throw new ActionFailure(UNKNOWN);
                }
            };
            long ms = (System.nanoTime() - start) / 1_000_000;
            step(run, id, type, source, true, ms, RuleEngine.digest(output), null);
            return ActionResult.ok(id, type, output, ms, nested);
        } catch (ActionFailure e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            step(run, id, type, source, false, ms, null, e.getMessage());
            return ActionResult.failed(id, type, e.getMessage(), ms, nested);
        }
    }

    /** Refuses, clearly and logged, an action the assistant's agent was not granted the capability for. */
    private static void requireGranted(String type, Map<String, Object> params, Run run) {
        Grants grants = run.grants();
        String required = Grants.required(type, params);
        if (grants == null || required == null || grants.holds(required)) {
            return;
        }
        String why = grants.unavailable() != null
                ? "assistant:" + run.assistantKey + " has no grants right now (" + grants.unavailable() + ")"
                : "assistant:" + run.assistantKey + " is not granted " + required + " in this organization; an org "
                        + "admin grants it to the assistant's agent (identity, PUT /api/agents/{id}/capabilities)";
        log.warn("Refused {} in org {} conversation {}: {}", type, run.orgId, run.conversationId, why);
        throw new ActionFailure(type + " refused: " + why);
    }

    private static void step(Run run, String id, String type, String source, boolean ok, long ms, String digest,
            String error) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", id);
        step.put("action", type);
        step.put("source", source);
        step.put("ok", ok);
        step.put("ms", ms);
        if (ok) {
            step.put("outputDigest", digest);
        } else {
            step.put("error", error);
        }
        synchronized (run.steps) {
            run.steps.add(step);
        }
    }

    // ---- message.send: builds the reply, never sends it (the caller extracts the last successful one)

    private Object messageSend(Map<String, Object> params, Run run, Map<String, Object> ctx) {
        Object raw = first(params, "content", "template", "contentTemplate");
        if (!(raw instanceof String template)) {
            throw new ActionFailure("message.send needs content, template or contentTemplate");
        }
        Map<String, Object> scope = run.scope(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("content", Templates.render(template, scope));
        out.put("role", params.get("role") instanceof String r ? r : "assistant");
        if (params.get("fields") instanceof Map<?, ?> fields) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            fields.forEach((k, v) -> rendered.put(String.valueOf(k), v instanceof String s ? Templates.render(s, scope) : v));
            out.put("fields", rendered);
        }
        out.put("contentFromModel", llmSteps(ctx).stream().anyMatch(template::contains));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> llmSteps(Map<String, Object> ctx) {
        return ctx.get("_llmSteps") instanceof List<?> l ? (List<String>) l : List.of();
    }

    // ---- llm.invoke

    private Object llmInvoke(String id, Map<String, Object> params, Run run, Map<String, Object> ctx) {
        Map<String, Object> scope = run.scope(ctx);
        String system = Templates.render(params.get("systemPrompt") instanceof String s ? s : "You are a helpful assistant.", scope);
        Object promptRaw = first(params, "promptTemplate", "userPrompt");
        String prompt = Templates.render(promptRaw instanceof String s ? s : "{{message.content}}", scope);
        int maxTokens = params.get("maxTokens") instanceof Number n ? n.intValue() : 1024;
        Double temperature = params.get("temperature") instanceof Number n ? n.doubleValue() : null;
        Llm.Ask ask = new Llm.Ask(run.orgId, "assistant:" + run.assistantKey,
                params.get("provider") instanceof String p ? p : null, params.get("model") instanceof String m ? m : null,
                temperature, maxTokens, List.of(Map.of("role", "system", "content", system),
                        Map.of("role", "user", "content", prompt)));
        Consumer<String> sink = run.replySink(id);
        Llm.Answer answer = sink == null ? llm.chat(ask) : llm.chat(ask, sink);
        if (answer.content() == null || answer.content().isBlank()) {
            throw new ActionFailure("The model returned an empty reply");
        }
        stepResult(ctx, id, "response", answer.content());
        List<String> llmSteps = new ArrayList<>(llmSteps(ctx));
        if (!llmSteps.contains(id)) {
            llmSteps.add(id); // by id, so the persisted context does not grow with every turn
        }
        ctx.put("_llmSteps", llmSteps);
        if (params.get("resultKey") instanceof String key) {
            ctx.put(key, parsedOrText(answer.content()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("response", answer.content());
        out.put("model", answer.model());
        out.put("provider", answer.provider());
        out.put("usage", answer.usage());
        out.put("promptUsed", prompt);
        return out;
    }

    private static Object parsedOrText(String text) {
        String t = text.trim();
        if (t.startsWith("{") || t.startsWith("[")) {
            try {
                return JSON.readValue(t, Object.class);
            } catch (JacksonException e) {
                return text;
            }
        }
        return text;
    }

    // ---- tool.invoke

    private Object toolInvoke(String id, Map<String, Object> params, Run run, Map<String, Object> ctx) {
        String tool = String.valueOf(params.get("tool"));
        Object inputRaw = params.getOrDefault("input", "");
        if (!(inputRaw instanceof String inputTemplate)) {
            throw new ActionFailure("tool.invoke input must be a string");
        }
        String input = Templates.render(inputTemplate, run.scope(ctx));
        Object result = switch (tool) {
            case "math.evaluate" -> {
                double value = MathEvaluator.evaluate(input, "smartcalc".equals(run.assistantKey));
                yield value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
            }
            case "assistants.list" -> run.roster.stream()
                    .sorted(Comparator.comparing(a -> String.valueOf(a.get("key"))))
                    .map(a -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("key", a.get("key"));
                        m.put("alias", a.get("alias"));
                        m.put("description", a.get("description"));
                        return m;
                    }).toList();
            case "assistants.route" -> Router.route(input, run.roster).toMap();
            case "conversation.turn" -> TurnTools.conversationTurn(input, ctx);
            case "context.resolve" -> TurnTools.contextResolve(input, ctx);
            case "provenance.explain" -> TurnTools.provenanceExplain(ctx);
            case "code.execute" -> throw new ActionFailure("code.execute is not available: code execution is never offered");
            default -> throw new ActionFailure("tool " + tool + " is not built in this service yet");
        };
        stepResult(ctx, id, "result", result);
        if (params.get("resultKey") instanceof String key) {
            ctx.put(key, result);
        }
        return Map.of("result", result);
    }

    @SuppressWarnings("unchecked")
    private static void stepResult(Map<String, Object> ctx, String id, String field, Object value) {
        Map<String, Object> steps = ctx.get("steps") instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                : new LinkedHashMap<>();
        Map<String, Object> entry = steps.get(id) instanceof Map<?, ?> e ? new LinkedHashMap<>((Map<String, Object>) e)
                : new LinkedHashMap<>();
        entry.put(field, value);
        steps.put(id, entry);
        ctx.put("steps", steps);
    }

    // ---- service.call and integration.invoke: the platform's services, as the assistant, where allowed

    private Object serviceCall(String id, Map<String, Object> params, Run run, Map<String, Object> ctx) {
        if (!(params.get("service") instanceof String service) || service.isBlank()) {
            throw new ActionFailure("service.call needs service");
        }
        if (!(params.get("path") instanceof String pathTemplate) || pathTemplate.isBlank()) {
            throw new ActionFailure("service.call needs path");
        }
        Map<String, Object> scope = run.scope(ctx);
        String basePath = params.get("basePath") instanceof String b ? b : "/api";
        String path = Templates.render(pathTemplate, scope);
        if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
            path = basePath + (path.startsWith("/") ? "" : "/") + path;
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (params.get("query") instanceof Map<?, ?> q) {
            q.forEach((k, v) -> query.put(String.valueOf(k), v instanceof String t ? Templates.render(t, scope)
                    : String.valueOf(v)));
        }
        Object body = params.containsKey("body") ? renderLeaves(params.get("body"), scope) : null;
        Map<String, Object> out = services.call(run.orgId, "assistant:" + run.assistantKey, service,
                params.get("method") instanceof String m ? m : "GET", path, query, body);
        stepResult(ctx, id, "result", out.get("body"));
        if (params.get("resultKey") instanceof String key) {
            ctx.put(key, out.get("body"));
        }
        return out;
    }

    private Object integrationInvoke(String id, Map<String, Object> params, Run run, Map<String, Object> ctx) {
        if (!(params.get("operation") instanceof String operation) || operation.isBlank()) {
            throw new ActionFailure("integration.invoke needs operation");
        }
        Object raw = params.get("params") != null ? params.get("params") : params.get("body");
        if (raw != null && !(raw instanceof Map<?, ?>)) {
            throw new ActionFailure("integration.invoke params must be an object");
        }
        Map<String, Object> rendered = raw == null ? Map.of() : cast((Map<?, ?>) renderLeaves(raw, run.scope(ctx)));
        Map<String, Object> out = services.invokeIntegration(run.orgId, "assistant:" + run.assistantKey,
                params.get("provider") instanceof String p ? p : null, operation, rendered);
        stepResult(ctx, id, "result", out.get("data"));
        if (params.get("resultKey") instanceof String key) {
            ctx.put(key, out.get("data"));
        }
        return out;
    }

    /** An authored JSON value with every string rendered as a template (values substituted are never re-read). */
    private static Object renderLeaves(Object value, Map<String, Object> scope) {
        if (value instanceof String s) {
            return Templates.render(s, scope);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), renderLeaves(v, scope)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> renderLeaves(v, scope)).toList();
        }
        return value;
    }

    // ---- context.update and state.transition

    private Object contextUpdate(Map<String, Object> params, Run run, Map<String, Object> ctx) {
        String operation = params.get("operation") instanceof String o ? o : "merge";
        Map<String, Object> updates = new LinkedHashMap<>();
        if (params.get("updates") instanceof Map<?, ?> u) {
            u.forEach((k, v) -> updates.put(String.valueOf(k), v));
        } else if (params.get("key") instanceof String key) {
            updates.put(key, params.get("value"));
        } else {
            throw new ActionFailure("context.update needs updates or key");
        }
        Map<String, Object> scope = run.scope(ctx);
        updates.replaceAll((k, v) -> v instanceof String s ? Templates.render(s, scope) : v);
        Map<String, Object> previous = Trees.deepCopy(ctx);
        switch (operation) {
            case "set" -> updates.forEach((k, v) -> ctx.put(k, Trees.deepCopy(v)));
            case "merge" -> Trees.deepMerge(ctx, updates);
            case "delete" -> updates.keySet().forEach(ctx::remove);
            default -> throw new ActionFailure("context.update operation must be set, merge or delete");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("operation", operation);
        out.put("previousContext", previous);
        out.put("newContext", Trees.deepCopy(ctx));
        return out;
    }

    private Object stateTransition(Map<String, Object> params, Run run) {
        if (!(params.get("targetState") instanceof String target)) {
            throw new ActionFailure("state.transition needs targetState");
        }
        String from = run.state;
        if (!StateMachine.allowed(from, target)) {
            throw new ActionFailure("Invalid state transition: " + from + " -> " + target);
        }
        run.state = target;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", target);
        out.put("reason", params.get("reason"));
        return out;
    }

    // ---- control flow

    private Object condition(Map<String, Object> params, Run run, Map<String, Object> ctx, List<ActionResult> nested) {
        boolean met = Conditions.group(params.get("if"), run.conditionRoot(ctx));
        String branch = met ? "then" : "else";
        List<Map<String, Object>> body = actionList(params.get(branch));
        int executed = 0;
        for (Map<String, Object> a : body) {
            ActionResult r = execute(a, run, ctx);
            nested.add(r);
            executed++;
            if (!r.ok()) {
                throw new ActionFailure("condition " + branch + " branch failed: " + r.error());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conditionMet", met);
        out.put("branch", branch);
        out.put("actionsExecuted", executed);
        return out;
    }

    private Object parallel(Map<String, Object> params, Run run, Map<String, Object> ctx, List<ActionResult> nested) {
        String strategy = params.get("strategy") instanceof String s ? s : "all";
        if (!Set.of("all", "any", "settle").contains(strategy)) {
            throw new ActionFailure("parallel strategy must be all, any or settle");
        }
        List<Map<String, Object>> body = actionList(params.get("actions"));
        List<Map<String, Object>> branchContexts = new ArrayList<>();
        List<Future<ActionResult>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map<String, Object> a : body) {
                // Each branch works on its own copy; successful branches are merged back in declaration order.
                Map<String, Object> copy = Trees.deepCopy(ctx);
                branchContexts.add(copy);
                futures.add(pool.submit(() -> execute(a, run, copy)));
            }
            int ok = 0;
            for (int i = 0; i < futures.size(); i++) {
                ActionResult r;
                String type = String.valueOf(body.get(i).get("type"));
                try {
                    r = futures.get(i).get(BRANCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    r = ActionResult.failed(type, type, "timed out", BRANCH_TIMEOUT.toMillis(), List.of());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ActionFailure("interrupted");
                } catch (ExecutionException e) {
                    r = ActionResult.failed(type, type, "failed", 0, List.of());
                }
                nested.add(r);
                if (r.ok()) {
                    ok++;
                    Trees.deepMerge(ctx, branchContexts.get(i));
                }
            }
            int failed = body.size() - ok;
            if ("all".equals(strategy) && failed > 0 && !Boolean.TRUE.equals(params.get("continueOnError"))) {
                throw new ActionFailure(failed + " of " + body.size() + " parallel actions failed");
            }
            if ("any".equals(strategy) && ok == 0 && !body.isEmpty()) {
                throw new ActionFailure("no parallel action succeeded");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("strategy", strategy);
            out.put("total", body.size());
            out.put("succeeded", ok);
            out.put("failed", failed);
            return out;
        }
    }

    private Object loop(Map<String, Object> params, Run run, Map<String, Object> ctx, List<ActionResult> nested) {
        Object over = params.get("over");
        if (over instanceof String path) {
            over = Paths.get(run.scope(ctx), path);
        }
        if (!(over instanceof List<?> items)) {
            throw new ActionFailure("loop over must be an array or the path of one");
        }
        String as = params.get("as") instanceof String s ? s : "item";
        String indexName = params.get("index") instanceof String s ? s : null;
        int max = params.get("maxIterations") instanceof Number n ? Math.min(n.intValue(), MAX_ITERATIONS) : MAX_ITERATIONS;
        boolean continueOnError = Boolean.TRUE.equals(params.get("continueOnError"));
        List<Map<String, Object>> body = actionList(params.get("actions"));
        List<Map<String, Object>> iterations = new ArrayList<>();
        int processed = 0;
        int failedIterations = 0;
        for (int i = 0; i < items.size() && i < max; i++) {
            Map<String, Object> copy = Trees.deepCopy(ctx);
            copy.put(as, Trees.deepCopy(items.get(i)));
            if (indexName != null) {
                copy.put(indexName, i);
            }
            List<Map<String, Object>> results = new ArrayList<>();
            boolean failed = false;
            for (Map<String, Object> a : body) {
                ActionResult r = execute(a, run, copy);
                nested.add(r);
                results.add(Map.of("type", r.type(), "ok", r.ok()));
                if (!r.ok()) {
                    failed = true;
                    break;
                }
            }
            processed++;
            iterations.add(Map.of("index", i, "results", results));
            if (failed) {
                failedIterations++;
                if (!continueOnError) {
                    throw new ActionFailure("loop iteration " + i + " failed");
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalItems", items.size());
        out.put("processedItems", processed);
        out.put("failedIterations", failedIterations);
        out.put("iterations", iterations);
        return out;
    }

    /**
     * Hands the message to another assistant (§3.5): the target from the params or the context (a string or
     * {@code {assistant|target|key}}, e.g. the output of assistants.route); never to itself and only one hop.
     * The caller forwards it and stays silent ({@code suppressResponse}).
     */
    private Object assistantRoute(Map<String, Object> params, Run run, Map<String, Object> ctx) {
        Object target = params.get("targetAssistant");
        String method = "declaration";
        if (target == null && Boolean.TRUE.equals(params.get("fromContext"))) {
            String contextKey = params.get("contextKey") instanceof String k ? k : "routeTarget";
            target = Paths.get(ctx, contextKey);
        }
        if (target instanceof Map<?, ?> m) {
            if (m.get("method") instanceof String routed) {
                method = routed;
            }
            target = m.get("assistant") != null ? m.get("assistant") : m.get("target") != null ? m.get("target") : m.get("key");
        }
        if (!(target instanceof String name) || name.isBlank()) {
            throw new ActionFailure("assistant.route needs a target assistant");
        }
        String wanted = name.startsWith("@") ? name.substring(1) : name;
        Map<String, Object> resolved = run.roster.stream().filter(a -> wanted.equalsIgnoreCase(String.valueOf(a.get("key")))
                || wanted.equalsIgnoreCase(String.valueOf(a.get("alias")))).findFirst()
                .orElseThrow(() -> new ActionFailure("Unknown assistant " + wanted + "; available: " + String.join(", ",
                        run.roster.stream().map(a -> String.valueOf(a.get("key"))).sorted().toList())));
        String key = String.valueOf(resolved.get("key"));
        if (key.equals(run.assistantKey)) {
            throw new ActionFailure("An assistant cannot route a message to itself");
        }
        if (Paths.get(run.message, "metadata.routedFrom") != Conditions.MISSING) {
            throw new ActionFailure("This message was already routed once; it is not routed again");
        }
        Object content = params.get("contentKey") instanceof String ck ? Paths.get(ctx, ck) : Conditions.MISSING;
        if (content instanceof Map<?, ?> cm && cm.get("text") instanceof String text) {
            content = text;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routed", true);
        out.put("targetAssistant", key);
        out.put("suppressResponse", true);
        out.put("reason", params.get("reason") instanceof String r ? Templates.render(r, run.scope(ctx)) : null);
        out.put("method", method);
        out.put("content", content instanceof String c ? c : run.message.get("content"));
        return out;
    }

    /**
     * {@code webhook.call} (§3.5): url and body templates rendered (user text stays data), the reference's default
     * body {@code {orgId, conversationId, trigger, message, context}}; the outbound side refuses non-public
     * addresses. The conversation context is sent only when the author asks for it with {@code includeContext}.
     */
    private Object webhook(Map<String, Object> params, Run run, Map<String, Object> ctx) {
        Map<String, Object> scope = run.scope(ctx);
        if (!(params.get("url") instanceof String urlTemplate)) {
            throw new ActionFailure("webhook.call needs url");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (params.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), Templates.render(String.valueOf(v), scope)));
        }
        String body;
        if (params.get("bodyTemplate") instanceof String template) {
            body = Templates.render(template, scope);
        } else if (params.get("body") != null) {
            body = JSON.writeValueAsString(params.get("body"));
        } else {
            Map<String, Object> standard = new LinkedHashMap<>();
            standard.put("orgId", run.orgId);
            standard.put("conversationId", run.conversationId);
            standard.put("trigger", run.trigger);
            standard.put("message", run.message);
            if (Boolean.TRUE.equals(params.get("includeContext"))) {
                standard.put("context", ctx);
            }
            body = JSON.writeValueAsString(standard);
        }
        Duration timeout = params.get("timeout") instanceof Number n ? Duration.ofMillis(n.longValue()) : null;
        return webhooks.call(params.get("method") instanceof String m ? m : "POST", Templates.render(urlTemplate, scope),
                headers, body, timeout);
    }

    /**
     * {@code notify} (§3.5): a notification to a webhook ({@code webhookUrl}, SSRF-guarded like webhook.call) as
     * {@code {notification: {channel, recipient, subject, content, metadata}, context: {orgId, conversationId,
     * assistantKey, trigger}}}. The reference answered other channels with a "pending" record and sent nothing; here
     * they fail, so a rule never believes it notified someone it did not.
     */
    private Object notify(Map<String, Object> params, Run run, Map<String, Object> ctx) {
        String channel = params.get("channel") instanceof String c ? c : "webhook";
        if (!"webhook".equals(channel)) {
            throw new ActionFailure("notify channel '" + channel + "' is not available: only webhook (with webhookUrl)");
        }
        if (!(params.get("webhookUrl") instanceof String urlTemplate) || urlTemplate.isBlank()) {
            throw new ActionFailure("notify needs webhookUrl");
        }
        Map<String, Object> scope = run.scope(ctx);
        Object content = first(params, "content", "contentTemplate");
        if (!(content instanceof String template)) {
            throw new ActionFailure("notify needs content or contentTemplate");
        }
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("channel", channel);
        notification.put("recipient", params.get("recipient") instanceof String r ? Templates.render(r, scope) : null);
        notification.put("subject", params.get("subject") instanceof String sub ? Templates.render(sub, scope) : null);
        notification.put("content", Templates.render(template, scope));
        notification.put("metadata", params.get("metadata") instanceof Map<?, ?> m ? m : Map.of());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("orgId", run.orgId);
        context.put("conversationId", run.conversationId);
        context.put("assistantKey", run.assistantKey);
        context.put("trigger", run.trigger);
        Map<String, Object> answer = webhooks.call("POST", Templates.render(urlTemplate, scope),
                Map.of("Content-Type", "application/json"),
                JSON.writeValueAsString(Map.of("notification", notification, "context", context)), null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", channel);
        out.put("delivered", true);
        out.put("status", answer.get("status"));
        return out;
    }

    /**
     * {@code embedding.route} (§3.5): the message and each candidate assistant's description embedded with
     * {@code model} ({@code provider/model}, or {@code provider} + {@code model}), ranked by cosine similarity. The top
     * candidate is chosen when its similarity reaches {@code similarityThreshold} (0.7) and its confidence — its
     * share of a softmax over the similarities at temperature 0.05, so a close second lowers it — reaches
     * {@code confidenceThreshold} (0.85); otherwise the output declines ({@code assistant: null}). The output has
     * assistant.route's target shape ({@code {assistant, method}}), under {@code resultKey} (default
     * {@code routeTarget}).
     */
    private Object embeddingRoute(Map<String, Object> params, Run run, Map<String, Object> ctx) {
        String model = params.get("model") instanceof String m ? m : null;
        if (model != null && !model.contains("/") && params.get("provider") instanceof String p) {
            model = p + "/" + model;
        }
        if (model == null || !model.contains("/")) {
            throw new ActionFailure("embedding.route needs model as provider/model (or provider and model)");
        }
        double similarityThreshold = params.get("similarityThreshold") instanceof Number n ? n.doubleValue() : 0.7;
        double confidenceThreshold = params.get("confidenceThreshold") instanceof Number n ? n.doubleValue() : 0.85;
        Set<String> include = keys(params.get("include"));
        Set<String> exclude = keys(params.get("exclude"));
        List<Map<String, Object>> candidates = run.roster.stream()
                .filter(a -> !run.assistantKey.equals(a.get("key")))
                .filter(a -> include.isEmpty() || include.contains(String.valueOf(a.get("key"))))
                .filter(a -> !exclude.contains(String.valueOf(a.get("key"))))
                .filter(a -> a.get("description") instanceof String d && !d.isBlank())
                .toList();
        if (candidates.isEmpty()) {
            throw new ActionFailure("embedding.route has no candidate assistant with a description");
        }
        String text = run.message.get("content") instanceof String c ? c : "";
        List<String> inputs = new ArrayList<>();
        inputs.add(text);
        candidates.forEach(a -> inputs.add(a.get("name") + ": " + a.get("description")));
        Integer dimensions = params.get("dimensions") instanceof Number n ? n.intValue() : null;
        List<double[]> vectors = services.embed(run.orgId, "assistant:" + run.assistantKey, model, inputs, dimensions);
        if (vectors.size() != inputs.size()) {
            throw new ActionFailure("embedding.route: the embeddings did not match the inputs");
        }
        List<Map<String, Object>> ranked = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", candidates.get(i).get("key"));
            entry.put("similarity", cosine(vectors.get(0), vectors.get(i + 1)));
            ranked.add(entry);
        }
        ranked.sort(Comparator.comparingDouble((Map<String, Object> e) -> (double) e.get("similarity")).reversed());
        double top = (double) ranked.getFirst().get("similarity");
        double sum = 0;
        for (Map<String, Object> e : ranked) {
            sum += Math.exp(((double) e.get("similarity") - top) / 0.05);
        }
        double confidence = 1 / sum;
        boolean chosen = top >= similarityThreshold && confidence >= confidenceThreshold;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("assistant", chosen ? ranked.getFirst().get("key") : null);
        out.put("method", "embedding");
        out.put("similarity", top);
        out.put("confidence", confidence);
        out.put("declined", !chosen);
        out.put("candidates", ranked);
        ctx.put(params.get("resultKey") instanceof String key ? key : "routeTarget", out);
        return out;
    }

    private static double cosine(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new ActionFailure("embedding.route: embeddings of different sizes");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static Set<String> keys(Object raw) {
        Set<String> out = new java.util.HashSet<>();
        if (raw instanceof List<?> list) {
            list.forEach(k -> out.add(String.valueOf(k).replaceFirst("^@", "")));
        }
        return out;
    }

    private static Object waitFor(Map<String, Object> params) {
        if (!(params.get("duration") instanceof Number duration) || duration.doubleValue() < 0) {
            throw new ActionFailure("wait needs a non-negative duration");
        }
        String unit = params.get("unit") instanceof String u ? u : "ms";
        long factor = switch (unit) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            default -> throw new ActionFailure("wait unit must be ms, s or m");
        };
        long ms = Math.min((long) (duration.doubleValue() * factor), MAX_WAIT.toMillis());
        try {
            Thread.sleep(ms); // the action's purpose is to wait (capped at 5 minutes, as the reference)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("interrupted");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("waitedMs", ms);
        out.put("reason", params.get("reason"));
        return out;
    }

    private static String requireText(Map<String, Object> params, String name, Run run, Map<String, Object> ctx) {
        if (!(params.get(name) instanceof String value) || value.isBlank()) {
            throw new ActionFailure(name + " is required");
        }
        return Templates.render(value, run.scope(ctx));
    }

    private static List<Map<String, Object>> actionList(Object raw) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            list.stream().filter(Map.class::isInstance).forEach(a -> out.add(cast((Map<?, ?>) a)));
        }
        return out;
    }

    private static Object first(Map<String, Object> params, String... names) {
        for (String n : names) {
            if (params.get(n) != null) {
                return params.get(n);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
