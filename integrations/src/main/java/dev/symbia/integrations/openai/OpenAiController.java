package dev.symbia.integrations.openai;

import dev.symbia.integrations.caller.Caller;
import dev.symbia.integrations.caller.CallerResolver;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.integrations.execute.ChatCommand;
import dev.symbia.integrations.execute.ChatExecutor;
import dev.symbia.integrations.execute.ChatResult;
import dev.symbia.integrations.execute.ChatSession;
import dev.symbia.integrations.execute.ModelCatalog;
import dev.symbia.integrations.provider.ChatMessage;
import dev.symbia.integrations.provider.ChatParams;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.ProviderRegistry;
import dev.symbia.integrations.stream.CallerConnection;
import dev.symbia.integrations.stream.CallerLeftException;
import dev.symbia.integrations.stream.SseWriter;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible surface ({@code /v1}, routed as is by the gateway), so any OpenAI SDK can
 * use the platform — with its routing, keys from the vault, failover, limits and usage accounting.
 */
@RestController
class OpenAiController {

    private final CallerResolver callers;
    private final RequestBodies bodies;
    private final ChatExecutor executor;
    private final ProviderRegistry registry;
    private final CredentialChain credentials;
    private final ModelCatalog models;
    private final SseWriter sse;
    private final JsonMapper json;
    private final long startedEpoch = Instant.now().getEpochSecond();

    OpenAiController(CallerResolver callers, RequestBodies bodies, ChatExecutor executor, ProviderRegistry registry,
            CredentialChain credentials, ModelCatalog models, SseWriter sse, JsonMapper json) {
        this.callers = callers;
        this.bodies = bodies;
        this.executor = executor;
        this.registry = registry;
        this.credentials = credentials;
        this.models = models;
        this.sse = sse;
        this.json = json;
    }

    @Operation(summary = "OpenAI-compatible chat completion (streaming or not)")
    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CompletionResponse> completions(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = CompletionRequest.class))) @RequestBody JsonNode body,
            HttpServletRequest request, HttpServletResponse response) {
        try {
            Caller caller = callers.caller(request);
            CompletionRequest completion = bodies.read(body, CompletionRequest.class);
            ChatCommand command = command(completion);
            String id = "chatcmpl-" + caller.requestId();
            long created = Instant.now().getEpochSecond();
            try (CallerConnection connection = CallerConnection.watch(request)) {
                if (!completion.streamed()) {
                    ChatResult result = executor.complete(caller, command, connection);
                    return ResponseEntity.ok(response(id, created, result));
                }
                ChatSession session = executor.open(caller, command, connection);
                sse.write(session, new OpenAiChunks(json, id, created, session.provider() + "/" + session.model(),
                        completion.includeUsage()), response,
                        Map.of("X-Symbia-Provider", session.provider(), "X-Symbia-Model", session.model()), connection);
                return null; // the response has been written
            }
        } catch (CallerLeftException left) {
            return null; // nobody left to answer; the call is accounted as cancelled
        } catch (ProblemException problem) {
            throw OpenAiErrors.decorate(problem);
        }
    }

    @Operation(summary = "OpenAI-compatible model list; ids are provider/model")
    @GetMapping("/v1/models")
    ModelList models(HttpServletRequest request) {
        try {
            Caller caller = callers.caller(request);
            List<ModelList.Model> data = new ArrayList<>();
            for (ProviderConfig provider : registry.all()) {
                Optional<Credential> key = provider.requiresKey()
                        ? credentials.find(caller, provider.name()) : Optional.of(Credential.NONE);
                if (key.isEmpty()) {
                    continue; // only what the caller can actually use
                }
                for (String model : models.advertised(provider, key.get())) {
                    data.add(new ModelList.Model(provider.name() + "/" + model, "model", startedEpoch, provider.name()));
                }
            }
            return new ModelList("list", data);
        } catch (ProblemException problem) {
            throw OpenAiErrors.decorate(problem);
        }
    }

    private ChatCommand command(CompletionRequest request) {
        String provider = null;
        String model = request.model();
        int slash = model.indexOf('/');
        if (slash > 0 && registry.find(model.substring(0, slash)).isPresent()) {
            provider = model.substring(0, slash);
            model = model.substring(slash + 1);
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < request.messages().size(); i++) {
            CompletionRequest.Message message = request.messages().get(i);
            // OpenAI's "developer" role is its newer name for "system".
            String role = "developer".equals(message.role()) ? "system" : message.role();
            messages.add(new ChatMessage(role, text(message.content(), i)));
        }
        Integer maxTokens = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
        ChatParams params = new ChatParams(model, messages, request.temperature(), maxTokens, request.topP(),
                request.stop(), request.seed());
        // Re-validate in the normalised contract (model id characters, content size, …).
        bodies.validate(params);
        return new ChatCommand(provider, params, "openai", request.streamed());
    }

    private static String text(JsonNode content, int index) {
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
                    throw unsupportedContent(index);
                }
                text.append(part.path("text").asString());
            }
            return text.toString();
        }
        throw unsupportedContent(index);
    }

    private static ProblemException unsupportedContent(int index) {
        String field = "messages[" + index + "].content";
        return RequestBodies.invalid("Field '" + field + "' must be a string or an array of text parts.",
                List.of(Map.of("field", field, "message", "must be a string or an array of text parts")));
    }

    private static CompletionResponse response(String id, long created, ChatResult result) {
        return new CompletionResponse(id, "chat.completion", created, result.provider() + "/" + result.model(),
                List.of(new CompletionResponse.Choice(0, new CompletionResponse.Message("assistant", result.content()),
                        result.finishReason())),
                new CompletionResponse.UsageBody(result.usage().promptTokens(), result.usage().completionTokens(),
                        result.usage().totalTokens()));
    }
}
