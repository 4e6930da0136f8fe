package dev.symbia.integrations.openai;

import dev.symbia.auth.Caller;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.integrations.execute.ChatCommand;
import dev.symbia.integrations.execute.ChatExecutor;
import dev.symbia.integrations.execute.ChatResult;
import dev.symbia.integrations.execute.ChatSession;
import dev.symbia.integrations.execute.EmbeddingExecutor;
import dev.symbia.integrations.execute.ModelCatalog;
import dev.symbia.integrations.provider.ChatMessage;
import dev.symbia.integrations.provider.ChatParams;
import dev.symbia.integrations.provider.ChatRules;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.ProviderRegistry;
import dev.symbia.integrations.stream.CallerConnection;
import dev.symbia.integrations.stream.CallerLeftException;
import dev.symbia.integrations.stream.ChatStreamWriter;
import dev.symbia.integrations.support.Callers;
import dev.symbia.integrations.support.RequestId;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible surface ({@code /v1}, routed as is by the gateway), so any OpenAI SDK can
 * use the platform — with its routing, keys from the vault, failover, limits and usage accounting.
 * Model ids are {@code provider/model}; errors carry OpenAI's {@code error} envelope ({@link OpenAiErrorEnvelope}).
 */
@RestController
class OpenAiController {

    private static final int MAX_EMBEDDING_INPUTS = 2048;
    private static final long MAX_EMBEDDING_CHARS = 8L * 1024 * 1024;

    private final RequestBodies bodies;
    private final ChatExecutor executor;
    private final EmbeddingExecutor embeddings;
    private final ProviderRegistry registry;
    private final CredentialChain credentials;
    private final ModelCatalog models;
    private final ChatStreamWriter sse;
    private final JsonMapper json;
    private final long startedEpoch = Instant.now().getEpochSecond();

    OpenAiController(RequestBodies bodies, ChatExecutor executor, EmbeddingExecutor embeddings,
            ProviderRegistry registry, CredentialChain credentials, ModelCatalog models, ChatStreamWriter sse, JsonMapper json) {
        this.bodies = bodies;
        this.executor = executor;
        this.embeddings = embeddings;
        this.registry = registry;
        this.credentials = credentials;
        this.models = models;
        this.sse = sse;
        this.json = json;
    }

    @Operation(summary = "OpenAI-compatible chat completion (streaming or not, tools, JSON mode)")
    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CompletionResponse> completions(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = CompletionRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
        Caller caller = Callers.of(principal);
        refuseUnsupported(body, CompletionRequest.UNSUPPORTED);
        CompletionRequest completion = bodies.read(body, CompletionRequest.class);
        ChatCommand command = command(completion);
        String id = "chatcmpl-" + RequestId.current();
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
        } catch (CallerLeftException left) {
            return null; // nobody left to answer; the call is accounted as cancelled
        }
    }

    @Operation(summary = "OpenAI-compatible embeddings; model ids are provider/model")
    @PostMapping(path = "/v1/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE)
    JsonNode embeddings(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = EmbeddingRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal) {
        Account account = Account.of(Callers.of(principal));
        EmbeddingRequest embedding = bodies.read(body, EmbeddingRequest.class);
        long characters = inputCharacters(embedding.input());
        Route route = route(embedding.model());
        ObjectNode upstream = json.createObjectNode();
        upstream.put("model", route.model() != null ? route.model() : embedding.model());
        upstream.set("input", embedding.input());
        if (embedding.encodingFormat() != null) {
            upstream.put("encoding_format", embedding.encodingFormat());
        }
        if (embedding.dimensions() != null) {
            upstream.put("dimensions", embedding.dimensions());
        }
        if (embedding.user() != null) {
            upstream.put("user", embedding.user());
        }
        JsonNode answer = embeddings.embed(account, route.provider(), upstream, characters);
        ObjectNode result = json.createObjectNode();
        result.put("object", "list");
        result.set("data", answer.path("data"));
        result.put("model", route.provider().name() + "/" + answer.path("model").asString(upstream.path("model").asString()));
        if (answer.path("usage").isObject()) {
            result.set("usage", answer.path("usage"));
        }
        return result;
    }

    @Operation(summary = "OpenAI-compatible model list: what each provider offers the caller; ids are provider/model")
    @GetMapping("/v1/models")
    ModelList models(SymbiaPrincipal principal) {
        Account account = Account.of(Callers.of(principal));
        List<ModelList.Model> data = new ArrayList<>();
        List<ModelList.Unavailable> unavailable = new ArrayList<>();
        for (ProviderConfig provider : registry.all()) {
            Optional<Credential> key = keyFor(account, provider);
            if (key.isEmpty()) {
                continue; // only what the caller can actually use
            }
            ModelCatalog.Offer offer = models.offer(provider, key.get());
            for (String model : offer.ids()) {
                data.add(model(provider, model));
            }
            if (offer.unreachable() != null) {
                unavailable.add(new ModelList.Unavailable(provider.name(), offer.unreachable()));
            }
        }
        return new ModelList("list", data, unavailable);
    }

    @Operation(summary = "One model of the OpenAI-compatible list (id provider/model)")
    @GetMapping("/v1/models/{*id}")
    ModelList.Model model(@PathVariable("id") String id, SymbiaPrincipal principal) {
        Account account = Account.of(Callers.of(principal));
        String wanted = id.startsWith("/") ? id.substring(1) : id;
        int slash = wanted.indexOf('/');
        Optional<ProviderConfig> provider = slash > 0 ? registry.find(wanted.substring(0, slash)) : Optional.empty();
        if (provider.isPresent()) {
            Optional<Credential> key = keyFor(account, provider.get());
            String model = wanted.substring(slash + 1);
            if (key.isPresent() && models.offer(provider.get(), key.get()).ids().contains(model)) {
                return model(provider.get(), model);
            }
        }
        throw modelNotFound(wanted);
    }

    private ModelList.Model model(ProviderConfig provider, String model) {
        return new ModelList.Model(provider.name() + "/" + model, "model", startedEpoch, provider.name());
    }

    private Optional<Credential> keyFor(Account account, ProviderConfig provider) {
        return provider.requiresKey() ? credentials.find(account, provider.name()) : Optional.of(credentials.keyless(account, provider.name()));
    }

    /**
     * {@code provider/model} → that provider and its model; an id without a slash → the default
     * provider with the id as it is; a prefix naming no configured provider → 404.
     */
    private Route route(String model) {
        int slash = model.indexOf('/');
        if (slash < 0) {
            return new Route(registry.defaultProvider(), model, null);
        }
        String prefix = model.substring(0, slash);
        ProviderConfig provider = registry.find(prefix).orElseThrow(() -> modelNotFound(model));
        String rest = model.substring(slash + 1);
        if (rest.isBlank()) {
            throw modelNotFound(model);
        }
        return new Route(provider, rest, provider.name());
    }

    private record Route(ProviderConfig provider, String model, String explicitProvider) {
    }

    private static ProblemException modelNotFound(String model) {
        String shown = model.length() > 120 ? model.substring(0, 120) + "…" : model;
        return new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Model not found",
                "The model '" + shown + "' does not exist or you do not have access to it. Model ids are"
                        + " provider/model; GET /v1/models lists them.", Map.of());
    }

    private static void refuseUnsupported(JsonNode body, java.util.Set<String> unsupported) {
        if (body == null || !body.isObject()) {
            return; // the strict reader answers that
        }
        for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (unsupported.contains(name) && !body.path(name).isNull()) {
                throw RequestBodies.invalidField(name, "is part of OpenAI's API but not supported by this gateway");
            }
        }
    }

    private ChatCommand command(CompletionRequest request) {
        Route route = route(request.model());
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < request.messages().size(); i++) {
            CompletionRequest.Message message = request.messages().get(i);
            // OpenAI's "developer" role is its newer name for "system".
            String role = "developer".equals(message.role()) ? "system" : message.role();
            if (message.audio() != null && !message.audio().isNull()
                    || message.functionCall() != null && !message.functionCall().isNull()) {
                String field = "messages[" + i + "]." + (message.audio() != null && !message.audio().isNull()
                        ? "audio" : "function_call");
                throw RequestBodies.invalidField(field, "is part of OpenAI's API but not supported by this gateway");
            }
            messages.add(new ChatMessage(role, text(message.content(), i), message.name(),
                    message.toolCalls() == null || message.toolCalls().isEmpty() ? null : message.toolCalls(),
                    message.toolCallId()));
        }
        Integer maxTokens = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
        ChatParams params = new ChatParams(route.model(), messages, request.temperature(), maxTokens, request.topP(),
                request.stop(), request.seed(), request.tools(), request.toolChoice(), request.parallelToolCalls(),
                request.responseFormat(), request.n(), request.presencePenalty(), request.frequencyPenalty(),
                request.logitBias(), request.logprobs(), request.topLogprobs(), request.user(), request.reasoningEffort());
        // Re-validate in the normalised contract (model id characters, content size, ranges, …).
        bodies.validate(params);
        ChatRules.check(params, true);
        return new ChatCommand(route.explicitProvider(), params, "openai", request.streamed());
    }

    private static String text(JsonNode content, int index) {
        if (content == null || content.isNull()) {
            return null; // allowed only on an assistant turn with tool_calls (ChatRules)
        }
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

    // Strings (1..2048 of them) or token-id arrays, as OpenAI accepts; returns the input's size.
    private static long inputCharacters(JsonNode input) {
        if (input.isString()) {
            return requireText(input, "input");
        }
        if (!input.isArray() || input.isEmpty() || input.size() > MAX_EMBEDDING_INPUTS) {
            throw RequestBodies.invalidField("input", "must be a string or an array of 1-" + MAX_EMBEDDING_INPUTS
                    + " strings or token arrays");
        }
        long total = 0;
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String field = "input[" + i + "]";
            if (item.isString()) {
                total += requireText(item, field);
            } else if (item.isIntegralNumber()) {
                total += 4; // a token id
            } else if (item.isArray() && !item.isEmpty()) {
                for (JsonNode token : item) {
                    if (!token.isIntegralNumber()) {
                        throw RequestBodies.invalidField(field, "must be a string or an array of token ids");
                    }
                }
                total += 4L * item.size();
            } else {
                throw RequestBodies.invalidField(field, "must be a string or an array of token ids");
            }
        }
        if (total > MAX_EMBEDDING_CHARS) {
            throw RequestBodies.invalidField("input", "is too large");
        }
        return total;
    }

    private static long requireText(JsonNode text, String field) {
        if (text.asString().isEmpty()) {
            throw RequestBodies.invalidField(field, "must not be empty");
        }
        if (text.asString().length() > MAX_EMBEDDING_CHARS) {
            throw RequestBodies.invalidField(field, "is too large");
        }
        return text.asString().length();
    }

    private static CompletionResponse response(String id, long created, ChatResult result) {
        boolean calls = result.toolCalls() != null && !result.toolCalls().isEmpty();
        String content = calls && result.content().isEmpty() ? null : result.content();
        return new CompletionResponse(id, "chat.completion", created, result.provider() + "/" + result.model(),
                List.of(new CompletionResponse.Choice(0,
                        new CompletionResponse.Message("assistant", content, null, calls ? result.toolCalls() : null),
                        result.logprobs(), result.finishReason())),
                new CompletionResponse.UsageBody(result.usage().promptTokens(), result.usage().completionTokens(),
                        result.usage().totalTokens()));
    }
}
