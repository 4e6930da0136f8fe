package dev.symbia.runtime.component;

import dev.symbia.core.PlatformHeaders;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
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
    private static final MediaType JSON = MediaType.get("application/json");

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
        if (http == null) {
            return error("llm.invoke needs the runtime's service token (INTERNAL_SERVICE_SECRET unset)");
        }
        if (ctx.ownerId() == null || ctx.orgId() == null) {
            return error("llm.invoke: the graph has no owner to act for");
        }
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
        messages.addObject().put("role", "user").put("content", prompt(in.value(), Values.field(ctx.config(), "prompt")));
        Request request = new Request.Builder().url(base + "/api/internal/execute")
                .header(PlatformHeaders.ACTING_USER, ctx.ownerId())
                .header(PlatformHeaders.ORG, ctx.orgId())
                .post(RequestBody.create(Values.json().writeValueAsString(body), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            JsonNode answer = Values.json().readTree(response.body().string());
            if (!response.isSuccessful()) {
                ObjectNode error = Values.object();
                error.put("error", "llm.invoke failed: " + answer.path("title").asString(answer.path("error").asString("status " + response.code())));
                error.put("status", response.code());
                if (answer.path("detail").isString()) {
                    error.put("detail", answer.get("detail").stringValue());
                }
                return List.of(new Emit("error", FlowValue.apocryphal(error)));
            }
            ObjectNode out = Values.object();
            out.set("content", answer.path("content"));
            out.set("provider", answer.path("provider"));
            out.set("model", answer.path("model"));
            out.set("usage", answer.path("usage"));
            out.set("finishReason", answer.path("finishReason"));
            return List.of(new Emit("out", FlowValue.inherit(out)));
        } catch (IOException | JacksonException e) {
            return error("llm.invoke: integrations could not be reached (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String prompt(JsonNode value, JsonNode template) {
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

    private static List<Emit> error(String message) {
        ObjectNode error = Values.object();
        error.put("error", message);
        return List.of(new Emit("error", FlowValue.apocryphal(error)));
    }
}
