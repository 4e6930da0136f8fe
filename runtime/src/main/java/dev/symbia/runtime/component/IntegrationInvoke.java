package dev.symbia.runtime.component;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code symbia.integration.invoke}: one connector operation (an Xray scan, a Railway deploy, …) through integrations'
 * public {@code POST /api/connectors/{connector}/{operation}} with the graph owner's own token in the graph's org
 * (identity's acting token), so their connector credential and their capabilities decide: a deploy needs
 * {@code cap:integrations.deploy}, and without it the 403 problem comes out on {@code error}.
 * Parameters: {@code config.params} with {@code {field}} placeholders in its string values replaced by the input's
 * fields as plain text, else the input object itself. Emits the operation's {@code result} on {@code out}; refusals
 * and vendor errors on {@code error} with integrations' status, category and detail. Connector and operation are
 * plain names, so a graph cannot steer the call to another path.
 */
final class IntegrationInvoke {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private IntegrationInvoke() {
    }

    static Builtins.Builtin component(OkHttpClient http, UserTokens tokens, String integrationsBase) {
        ComponentSpec spec = new ComponentSpec("symbia.integration.invoke", "Integration invoke",
                "A connector operation through integrations, as the graph's owner; emits the operation's result.",
                List.of("in"), List.of(Port.inherit("out"), Port.apocryphal("error")), false, false, null, true,
                (ObjectNode) Values.json().readTree("""
                        {"connector":{"type":"string","required":true,"description":"Connector: jfrog, railway, supabase."},
                         "operation":{"type":"string","required":true,"description":"Operation, e.g. xray.summary or deploy."},
                         "params":{"type":"object","description":"Parameters; {field} in string values is replaced by the input's field. Absent: the input object."}}"""));
        return new Builtins.Builtin(spec, (in, ctx) -> invoke(http, tokens, integrationsBase, in, ctx));
    }

    static List<Emit> invoke(OkHttpClient http, UserTokens tokens, String base, FlowValue in, NodeContext ctx) {
        JsonNode connectorNode = Values.field(ctx.config(), "connector");
        JsonNode operationNode = Values.field(ctx.config(), "operation");
        if (connectorNode == null || operationNode == null) {
            return IntegrationsCall.failed("integration.invoke needs config.connector and config.operation").error();
        }
        String connector = Values.string(connectorNode);
        String operation = Values.string(operationNode);
        if (!NAME.matcher(connector).matches() || !NAME.matcher(operation).matches()) {
            return IntegrationsCall.failed("integration.invoke: connector and operation must be plain names").error();
        }
        JsonNode template = Values.field(ctx.config(), "params");
        JsonNode params = template == null ? in.value() : fill(template, in.value());
        if (params == null || !params.isObject()) {
            return IntegrationsCall.failed("integration.invoke: the parameters must be an object (config.params or the input)").error();
        }
        IntegrationsCall call = IntegrationsCall.postAsOwner(http, tokens, base + "/api/connectors/" + connector + "/" + operation,
                ctx, (ObjectNode) params, "integration.invoke");
        if (call.error() != null) {
            return call.error();
        }
        JsonNode result = call.answer().has("result") ? call.answer().get("result") : call.answer();
        return List.of(new Emit("out", FlowValue.inherit(result)));
    }

    private static JsonNode fill(JsonNode template, JsonNode input) {
        if (template.isString()) {
            return Values.NODES.stringNode(LlmInvoke.fill(template, input));
        }
        if (template.isObject()) {
            ObjectNode out = Values.object();
            for (Map.Entry<String, JsonNode> entry : template.properties()) {
                out.set(entry.getKey(), fill(entry.getValue(), input));
            }
            return out;
        }
        if (template.isArray()) {
            var out = Values.NODES.arrayNode();
            template.forEach(item -> out.add(fill(item, input)));
            return out;
        }
        return template;
    }
}
