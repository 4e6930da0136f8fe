package dev.symbia.assistants.llm;

import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Llm;
import dev.symbia.core.PlatformHeaders;
import dev.symbia.core.SymbiaService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code llm.invoke} through integrations' {@code POST /api/internal/execute} (its normalised chat contract),
 * with this service's token, acting for the assistant ({@code X-Symbia-User-Id: assistant:<key>}) in the
 * conversation's org. No provider key ever passes through this service.
 */
@Component
class IntegrationsLlm implements Llm {

    private static final Logger log = LoggerFactory.getLogger(IntegrationsLlm.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient http;
    private final JsonMapper json;
    private final String executeUrl;

    IntegrationsLlm(OkHttpClient serviceHttpClient, JsonMapper json, Environment environment) {
        this.http = serviceHttpClient;
        this.json = json;
        this.executeUrl = environment.getProperty("INTEGRATIONS_SERVICE_URL",
                SymbiaService.INTEGRATIONS.url(System.getenv())) + "/api/internal/execute";
    }

    @Override
    public Answer chat(Ask ask) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (ask.model() != null) {
            params.put("model", ask.model());
        }
        params.put("messages", ask.messages());
        if (ask.temperature() != null) {
            params.put("temperature", ask.temperature());
        }
        params.put("maxTokens", ask.maxTokens());
        Map<String, Object> body = new LinkedHashMap<>();
        if (ask.provider() != null) {
            body.put("provider", ask.provider());
        }
        body.put("operation", "chat.completions");
        body.put("stream", false);
        body.put("params", params);
        Request request = new Request.Builder().url(executeUrl)
                .header(PlatformHeaders.ACTING_USER, ask.actingFor())
                .header(PlatformHeaders.ORG, ask.orgId())
                .header("Accept", "application/json")
                .post(RequestBody.create(json.writeValueAsString(body), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            JsonNode answer = parse(text);
            if (!response.isSuccessful()) {
                String title = answer.path("title").asString(answer.path("error").asString("error"));
                log.warn("llm.invoke for {} failed: {} {}", ask.actingFor(), response.code(), title);
                throw new ActionFailure("The model call failed (" + response.code() + "): " + title);
            }
            Map<String, Object> usage = answer.path("usage").isObject()
                    ? json.convertValue(answer.get("usage"), Map.class) : Map.of();
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) usage;
            return new Answer(answer.path("content").asString(""), answer.path("provider").asString(null),
                    answer.path("model").asString(null), typed);
        } catch (IOException e) {
            throw new ActionFailure("The model could not be reached");
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }
}
