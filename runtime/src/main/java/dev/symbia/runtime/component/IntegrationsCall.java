package dev.symbia.runtime.component;

import dev.symbia.core.PlatformHeaders;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call to integrations for the graph's owner in the graph's org: an internal endpoint with the runtime's service
 * token naming the user ({@code X-Symbia-User-Id}, {@code X-Org-Id}), or a public one with the owner's own token.
 * Either the answer, or the error emission a component sends on its {@code error} port (never a stack trace).
 */
record IntegrationsCall(JsonNode answer, List<Emit> error) {

    private static final MediaType JSON = MediaType.get("application/json");

    static IntegrationsCall post(OkHttpClient http, String url, NodeContext ctx, ObjectNode body, String what) {
        if (http == null) {
            return failed(what + " needs the runtime's service token (INTERNAL_SERVICE_SECRET unset)");
        }
        if (ctx.ownerId() == null || ctx.orgId() == null) {
            return failed(what + ": the graph has no owner to act for");
        }
        return send(http, new Request.Builder().url(url)
                .header(PlatformHeaders.ACTING_USER, ctx.ownerId())
                .header(PlatformHeaders.ORG, ctx.orgId()), body, what);
    }

    /**
     * A call to one of integrations' public endpoints with the graph owner's own token in the graph's org, so
     * integrations checks that user's capabilities (a 403 there is the user's, answered on the error port).
     */
    static IntegrationsCall postAsOwner(OkHttpClient http, UserTokens tokens, String url, NodeContext ctx, ObjectNode body,
            String what) {
        if (http == null || tokens == null) {
            return failed(what + " needs the runtime's service token to act for the graph's owner (INTERNAL_SERVICE_SECRET unset)");
        }
        if (ctx.ownerId() == null || ctx.orgId() == null) {
            return failed(what + ": the graph has no owner to act for");
        }
        Optional<String> token;
        try {
            token = tokens.token(ctx.ownerId(), ctx.orgId());
        } catch (IOException e) {
            return failed(what + ": no token for the graph's owner (identity: " + e.getClass().getSimpleName() + ")");
        }
        if (token.isEmpty()) {
            return failed(what + ": the graph's owner is no longer a member of its org");
        }
        return send(http, new Request.Builder().url(url)
                .header("Authorization", "Bearer " + token.get())
                .header(PlatformHeaders.ORG, ctx.orgId()), body, what);
    }

    private static IntegrationsCall send(OkHttpClient http, Request.Builder builder, ObjectNode body, String what) {
        Request request = builder.header("Accept", "application/json")
                .post(RequestBody.create(Values.json().writeValueAsString(body), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            JsonNode answer = text.isBlank() ? Values.object() : Values.json().readTree(text);
            if (response.isSuccessful()) {
                return new IntegrationsCall(answer, null);
            }
            ObjectNode error = Values.object();
            error.put("error", what + " failed: " + answer.path("title").asString(answer.path("error").asString("status " + response.code())));
            error.put("status", response.code());
            for (String field : List.of("detail", "category", "connector")) {
                if (answer.path(field).isString()) {
                    error.put(field, answer.get(field).stringValue());
                }
            }
            return new IntegrationsCall(null, List.of(new Emit("error", FlowValue.apocryphal(error))));
        } catch (IOException | JacksonException e) {
            return failed(what + ": integrations could not be reached (" + e.getClass().getSimpleName() + ")");
        }
    }

    static IntegrationsCall failed(String message) {
        ObjectNode error = Values.object();
        error.put("error", message);
        return new IntegrationsCall(null, List.of(new Emit("error", FlowValue.apocryphal(error))));
    }
}
