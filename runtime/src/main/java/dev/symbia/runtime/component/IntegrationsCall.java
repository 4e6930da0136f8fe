package dev.symbia.runtime.component;

import dev.symbia.core.PlatformHeaders;
import java.io.IOException;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call to an integrations internal endpoint with the runtime's service token, acting for the graph's owner in
 * the graph's org ({@code X-Symbia-User-Id}, {@code X-Org-Id}): their credentials, usage and capabilities apply.
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
        Request request = new Request.Builder().url(url)
                .header(PlatformHeaders.ACTING_USER, ctx.ownerId())
                .header(PlatformHeaders.ORG, ctx.orgId())
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
