package dev.symbia.runtime.component;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code symbia.llm.invoke}: one chat completion through integrations' {@code POST /api/internal/execute} with the
 * runtime's service token, acting for the graph's owner in the graph's org (their credentials, their usage rows and
 * budget). The prompt is {@code config.prompt} with {@code {field}} placeholders replaced by the input's fields as
 * plain text (nothing is evaluated), else the input itself. A model's answer is never exact: every output is
 * apocryphal.
 */
final class LlmInvoke {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    private LlmInvoke() {
    }

    static Builtins.Builtin component(OkHttpClient http, String integrationsBase) {
        ComponentSpec spec = new ComponentSpec("symbia.llm.invoke", "LLM invoke",
                "A chat completion through integrations, as the graph's owner; emits {content, provider, model, usage}.",
                List.of("in"), List.of(Port.inherit("out"), Port.apocryphal("error")), true, false, null, true,
                (ObjectNode) Values.json().readTree("""
                        {"prompt":{"type":"string","description":"User message; {field} is replaced by the input's field."},
                         "system":{"type":"string","description":"System message."},
                         "provider":{"type":"string","description":"Provider id; integrations picks when absent."},
                         "model":{"type":"string","description":"Model id."},
                         "temperature":{"type":"number","description":"Sampling temperature."},
                         "maxTokens":{"type":"number","description":"Completion token limit."}}"""));
        return new Builtins.Builtin(spec, (in, ctx) -> invoke(http, integrationsBase, in, ctx));
    }

    static List<Emit> invoke(OkHttpClient http, String base, FlowValue in, NodeContext ctx) {
        ObjectNode body = Values.object();
        JsonNode provider = Values.field(ctx.config(), "provider");
        if (provider != null) {
            body.put("provider", Values.string(provider));
        }
        body.put("operation", "chat.completions");
        body.put("stream", false);
        ObjectNode params = body.putObject("params");
        for (String name : List.of("model", "temperature", "maxTokens")) {
            JsonNode value = Values.field(ctx.config(), name);
            if (value != null) {
                params.set(name, value);
            }
        }
        ArrayNode messages = params.putArray("messages");
        JsonNode system = Values.field(ctx.config(), "system");
        if (system != null) {
            messages.addObject().put("role", "system").put("content", Values.string(system));
        }
        messages.addObject().put("role", "user").put("content", fill(Values.field(ctx.config(), "prompt"), in.value()));
        IntegrationsCall call = IntegrationsCall.post(http, base + "/api/internal/execute", ctx, body, "llm.invoke");
        if (call.error() != null) {
            return call.error();
        }
        JsonNode answer = call.answer();
        ObjectNode out = Values.object();
        out.set("content", answer.path("content"));
        out.set("provider", answer.path("provider"));
        out.set("model", answer.path("model"));
        out.set("usage", answer.path("usage"));
        out.set("finishReason", answer.path("finishReason"));
        return List.of(new Emit("out", FlowValue.inherit(out)));
    }

    /** The template with {@code {field}} replaced by the value's fields as plain text; no template: the value itself. */
    static String fill(JsonNode template, JsonNode value) {
        if (template == null) {
            return value != null && value.isString() ? value.stringValue() : Values.preview(value, 20_000);
        }
        Matcher matcher = PLACEHOLDER.matcher(Values.string(template));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode field = Values.path(value, matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(field == null ? "" : Values.string(field)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

}
