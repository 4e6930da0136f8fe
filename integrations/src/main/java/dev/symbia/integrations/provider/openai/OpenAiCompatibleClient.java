package dev.symbia.integrations.provider.openai;

import dev.symbia.integrations.provider.ChatParams;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.ProviderException;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.EventChannel;
import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.TimeoutProperties;
import dev.symbia.integrations.stream.Watchdog;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSources;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls any OpenAI-compatible chat-completions server (SambaNova, the HuggingFace router, OpenAI,
 * vLLM, Ollama, the local models service). Always streams upstream, with the usage chunk requested,
 * so one code path serves streamed and non-streamed callers and first-chunk timeouts apply to both.
 */
@Component
public class OpenAiCompatibleClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int CHANNEL_CAPACITY = 256;

    private final OkHttpClient http;
    private final EventSource.Factory eventSources;
    private final JsonMapper json;
    private final UpstreamErrors errors;
    private final TimeoutProperties timeouts;
    private final ScheduledExecutorService scheduler;

    public OpenAiCompatibleClient(OkHttpClient http, JsonMapper json, TimeoutProperties timeouts,
            @Qualifier("providerWatchdogScheduler") ScheduledExecutorService scheduler) {
        this.http = http;
        this.eventSources = EventSources.createFactory(http);
        this.json = json;
        this.errors = new UpstreamErrors(json);
        this.timeouts = timeouts;
        this.scheduler = scheduler;
    }

    /**
     * Starts a streamed chat completion and returns at once; events arrive on the channel.
     *
     * @param provider where to call
     * @param apiKey   the key to send, or null for key-less servers; never logged
     * @param params   parameters with the model resolved
     */
    public EventChannel stream(ProviderConfig provider, String apiKey, ChatParams params) {
        return stream(provider, apiKey, Map.of(), params);
    }

    /** As {@link #stream(ProviderConfig, String, ChatParams)}, with further headers (the local models service's). */
    public EventChannel stream(ProviderConfig provider, String apiKey, Map<String, String> headers, ChatParams params) {
        ProviderFailure unusable = CredentialText.problem(provider.name(), apiKey);
        if (unusable != null) {
            EventChannel failed = new EventChannel(1);
            failed.emit(new StreamEvent.Failed(unusable));
            return failed;
        }
        byte[] body = json.writeValueAsBytes(ChatCompletionBody.streaming(params, provider.includeUsage()));
        Request.Builder request = new Request.Builder()
                .url(provider.endpoint("chat/completions"))
                .header("Accept", "text/event-stream")
                .post(RequestBody.create(body, JSON));
        authenticate(request, apiKey, headers);
        EventChannel channel = new EventChannel(CHANNEL_CAPACITY);
        AtomicReference<EventSource> source = new AtomicReference<>();
        Watchdog watchdog = new Watchdog(scheduler, timeouts, () -> source.get().cancel());
        StreamTranslator translator = new StreamTranslator(channel, watchdog, json, errors, apiKey);
        source.set(eventSources.newEventSource(request.build(), translator));
        watchdog.start();
        channel.onCancel(() -> {
            watchdog.stop();
            source.get().cancel();
        });
        return channel;
    }

    /**
     * The models a server lists at {@code GET /models}.
     *
     * @return the ids, or why they could not be had (unreachable, refused, not a model list)
     */
    public ModelListing listModels(ProviderConfig provider, String apiKey, Duration timeout) {
        return listModels(provider, apiKey, Map.of(), timeout);
    }

    public ModelListing listModels(ProviderConfig provider, String apiKey, Map<String, String> headers,
            Duration timeout) {
        ProviderFailure unusable = CredentialText.problem(provider.name(), apiKey);
        if (unusable != null) {
            return ModelListing.failed(unusable.detail());
        }
        Request.Builder request = new Request.Builder().url(provider.endpoint("models")).get();
        authenticate(request, apiKey, headers);
        OkHttpClient quick = http.newBuilder().callTimeout(timeout).build();
        try (Response response = quick.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                return ModelListing.failed(errors.fromResponse(response, apiKey).detail());
            }
            JsonNode body = json.readTree(response.body().string());
            if (!body.path("data").isArray()) {
                return ModelListing.failed("The provider's model list is not an OpenAI model list.");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode model : body.path("data")) {
                if (model.path("id").isString() && !model.path("id").asString().isBlank()) {
                    ids.add(model.path("id").asString());
                }
            }
            return new ModelListing(List.copyOf(ids), null);
        } catch (IOException | RuntimeException e) {
            return ModelListing.failed(UpstreamErrors.fromException(e, false).detail());
        }
    }

    /**
     * {@code POST /embeddings}: the provider's answer as it is, or the classified failure.
     *
     * @param body the OpenAI embeddings request with the provider's own model id
     * @throws ProviderException when the provider refused or could not be reached
     */
    public JsonNode embed(ProviderConfig provider, String apiKey, JsonNode body) {
        return embed(provider, apiKey, Map.of(), body);
    }

    public JsonNode embed(ProviderConfig provider, String apiKey, Map<String, String> headers, JsonNode body) {
        ProviderFailure unusable = CredentialText.problem(provider.name(), apiKey);
        if (unusable != null) {
            throw new ProviderException(provider.name(), unusable, List.of());
        }
        Request.Builder request = new Request.Builder().url(provider.endpoint("embeddings"))
                .post(RequestBody.create(json.writeValueAsBytes(body), JSON));
        authenticate(request, apiKey, headers);
        OkHttpClient bounded = http.newBuilder().callTimeout(timeouts.firstChunk()).build();
        try (Response response = bounded.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                throw new ProviderException(provider.name(), errors.fromResponse(response, apiKey), List.of());
            }
            JsonNode answer = json.readTree(response.body().string());
            if (!answer.path("data").isArray()) {
                throw new ProviderException(provider.name(), ProviderFailure.of(ErrorCategory.PROVIDER,
                        "The provider's answer is not an OpenAI embeddings list."), List.of());
            }
            return answer;
        } catch (IOException e) {
            throw new ProviderException(provider.name(), UpstreamErrors.fromException(e, false), List.of());
        } catch (tools.jackson.core.JacksonException e) {
            throw new ProviderException(provider.name(), ProviderFailure.of(ErrorCategory.PROVIDER,
                    "The provider's answer is not JSON."), List.of());
        }
    }

    private static void authenticate(Request.Builder request, String apiKey, Map<String, String> headers) {
        headers.forEach(request::header);
        if (apiKey != null && !apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
    }

    /** A provider's model list, or why it could not be had ({@code problem}, safe to show). */
    public record ModelListing(List<String> ids, String problem) {

        static ModelListing failed(String problem) {
            return new ModelListing(List.of(), problem);
        }

        public boolean ok() {
            return problem == null;
        }
    }
}
