package dev.symbia.assistants.llm;

import dev.symbia.assistants.agent.AssistantAgents;
import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Llm;
import dev.symbia.assistants.streaming.ChatFrames;
import dev.symbia.core.PlatformHeaders;
import dev.symbia.core.SymbiaService;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code llm.invoke} through integrations' public {@code POST /api/execute} (its normalised chat contract) as the
 * assistant's own agent ({@link AssistantAgents}: its token, in the conversation's org), so integrations bills and
 * authorises the assistant, never this service. No provider key ever passes through this service. Streamed, it reads integrations' SSE
 * chat frames ({@code {content}} per delta, then {@code {done}} or {@code {error}}); a stream that ends without
 * {@code done} was cut, and that is a failure, never a shorter answer.
 */
@Component
class IntegrationsLlm implements Llm {

    private static final Logger log = LoggerFactory.getLogger(IntegrationsLlm.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient http;
    private final JsonMapper json;
    private final AssistantAgents agents;
    private final String executeUrl;

    IntegrationsLlm(@Qualifier("agentHttpClient") OkHttpClient agentHttpClient, JsonMapper json, AssistantAgents agents,
            Environment environment) {
        this.http = agentHttpClient;
        this.json = json;
        this.agents = agents;
        this.executeUrl = environment.getProperty("INTEGRATIONS_SERVICE_URL",
                SymbiaService.INTEGRATIONS.url(System.getenv())) + "/api/execute";
    }

    @Override
    public Answer chat(Ask ask) {
        try (Response response = http.newCall(request(ask, false)).execute()) {
            String text = response.body().string();
            JsonNode answer = parse(text);
            if (!response.isSuccessful()) {
                throw refused(ask, response.code(), answer);
            }
            return new Answer(answer.path("content").asString(""), answer.path("provider").asString(null),
                    answer.path("model").asString(null), usage(answer));
        } catch (IOException e) {
            throw new ActionFailure("The model could not be reached");
        }
    }

    @Override
    public Answer chat(Ask ask, Consumer<String> deltas) {
        try (Response response = http.newCall(request(ask, true)).execute()) {
            if (!response.isSuccessful()) {
                throw refused(ask, response.code(), parse(response.body().string()));
            }
            ChatFrames frames = new ChatFrames(deltas);
            EventSources.processResponse(response, frames); // on this thread, frame by frame as they arrive
            try {
                ChatFrames.Outcome outcome = frames.outcome();
                return new Answer(outcome.content(), outcome.done().path("provider").asString(null),
                        outcome.done().path("model").asString(null), usage(outcome.done()));
            } catch (ChatFrames.Cut cut) {
                log.warn("Streamed llm.invoke ended without an answer after {} characters: {}", cut.received(),
                        cut.getMessage());
                throw new ActionFailure(cut.getMessage());
            }
        } catch (InterruptedIOException e) {
            throw new ActionFailure("The model did not answer in time");
        } catch (IOException e) {
            throw new ActionFailure("The model could not be reached");
        }
    }

    private Request request(Ask ask, boolean stream) {
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
        body.put("stream", stream);
        body.put("params", params);
        AssistantAgents.Agent agent;
        try {
            agent = agents.forAssistant(ask.orgId(), ask.actingFor().substring(ask.actingFor().indexOf(':') + 1));
        } catch (AssistantAgents.Unavailable e) {
            throw new ActionFailure("The model call was not made: " + ask.actingFor() + " has no token (" + e.getMessage() + ")");
        }
        return new Request.Builder().url(executeUrl)
                .header("Authorization", "Bearer " + agent.token())
                .header(PlatformHeaders.ORG, ask.orgId())
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .post(RequestBody.create(json.writeValueAsString(body), JSON_TYPE))
                .build();
    }

    private ActionFailure refused(Ask ask, int status, JsonNode answer) {
        String title = answer.path("title").asString(answer.path("error").asString("error"));
        log.warn("llm.invoke for {} failed: {} {}", ask.actingFor(), status, title);
        return new ActionFailure("The model call failed (" + status + "): " + title);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> usage(JsonNode answer) {
        return answer.path("usage").isObject() ? json.convertValue(answer.get("usage"), Map.class) : Map.of();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }
}
