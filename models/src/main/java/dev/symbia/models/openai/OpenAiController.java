package dev.symbia.models.openai;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.models.Access;
import dev.symbia.models.ModelsProperties;
import dev.symbia.models.ModelViews;
import dev.symbia.models.inference.Generation;
import dev.symbia.models.inference.LoadedModel;
import dev.symbia.models.inference.ModelManager;
import dev.symbia.models.inference.Prompt;
import dev.symbia.models.inference.Sampling;
import dev.symbia.models.inference.TextSink;
import dev.symbia.models.inference.Turn;
import dev.symbia.models.policy.OrgModelPolicy;
import dev.symbia.models.registry.ModelRecord;
import dev.symbia.models.registry.ModelRegistry;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.sse.SseStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI-compatible surface of the local models: chat completions (every turn of the conversation through the
 * model's own chat template), legacy completions, embeddings and the model list. Streams are written on the request's
 * own (platform) thread, one frame per generated piece, flushed at once: with a warm JIT a frame costs tens of
 * microseconds against at least hundreds per token, so the socket drains before the next token and there is nothing
 * to coalesce (a writer thread would only add a hand-off per token). A failed write means the caller left and stops
 * the generation in llama.cpp before the next token.
 */
@RestController
class OpenAiController {

    private static final Logger log = LoggerFactory.getLogger(OpenAiController.class);
    private static final int MAX_STOP = 4;
    /** Where a generated piece goes in a pre-serialised frame (no other field of a frame can hold it). */
    private static final String MARKER = "\u0000piece\u0000";
    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

    private record Frame(byte[] head, byte[] tail) {
    }

    private final ModelManager manager;
    private final ModelRegistry registry;
    private final RequestBodies bodies;
    private final JsonMapper json;
    private final OrgModelPolicy policy;
    private final Duration hangUpProbe;

    OpenAiController(ModelManager manager, ModelRegistry registry, RequestBodies bodies, JsonMapper json,
            OrgModelPolicy policy, ModelsProperties properties) {
        this.policy = policy;
        this.hangUpProbe = properties.hangUpProbe();
        this.manager = manager;
        this.registry = registry;
        this.bodies = bodies;
        this.json = json;
    }

    @Operation(summary = "OpenAI-compatible chat completion with a local model (streaming or not)")
    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object chat(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ChatCompletionRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal, HttpServletResponse response) {
        try {
            Access.require(principal, Access.EXECUTE);
            ChatCompletionRequest request = bodies.read(body, ChatCompletionRequest.class);
            List<Turn> turns = turns(request.messages());
            Integer max = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
            Sampling sampling = sampling(request.temperature(), request.topP(), max, request.stop(), request.seed());
            ModelRecord record = requireGenerative(manager.require(request.model()));
            policy.require(principal, request.model());
            String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
            long created = Instant.now().getEpochSecond();
            try (ModelManager.Lease lease = manager.acquire(record)) {
                Prompt prompt = fits(lease.model(), format(lease.model(), turns));
                if (!request.streamed()) {
                    Generation g = lease.generate(prompt, sampling, new HangUpProbe(response, hangUpProbe));
                    if (cancelled(g)) {
                        return null;
                    }
                    Map<String, Object> message = new LinkedHashMap<>();
                    message.put("role", "assistant");
                    message.put("content", g.text());
                    Map<String, Object> choice = new LinkedHashMap<>();
                    choice.put("index", 0);
                    choice.put("message", message);
                    choice.put("logprobs", null);
                    choice.put("finish_reason", g.finishReason());
                    Map<String, Object> out = envelope(id, "chat.completion", created, request.model());
                    out.put("choices", List.of(choice));
                    out.put("usage", usage(g));
                    return out;
                }
                Stream stream = new Stream(response, id, "chat.completion.chunk", created, request.model(),
                        request.includeUsage(), delta -> {
                            Map<String, Object> choice = new LinkedHashMap<>();
                            choice.put("index", 0);
                            choice.put("delta", delta);
                            choice.put("logprobs", null);
                            return choice;
                        });
                Map<String, Object> role = new LinkedHashMap<>();
                role.put("role", "assistant");
                role.put("content", "");
                stream.run(lease, prompt, sampling, role, text -> Map.of("content", text), Map.of());
                return null;
            }
        } catch (ProblemException problem) {
            throw OpenAiErrors.decorate(problem);
        }
    }

    @Operation(summary = "OpenAI-compatible (legacy) text completion: a raw prompt, no chat template")
    @PostMapping(path = "/v1/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object completions(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = CompletionRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal, HttpServletResponse response) {
        try {
            Access.require(principal, Access.EXECUTE);
            CompletionRequest request = bodies.read(body, CompletionRequest.class);
            String prompt = singlePrompt(request.prompt());
            // OpenAI's default for this endpoint is 16 tokens.
            Sampling sampling = sampling(request.temperature(), request.topP(),
                    request.maxTokens() == null ? 16 : request.maxTokens(), request.stop(), request.seed());
            ModelRecord record = requireGenerative(manager.require(request.model()));
            policy.require(principal, request.model());
            String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
            long created = Instant.now().getEpochSecond();
            try (ModelManager.Lease lease = manager.acquire(record)) {
                Prompt checked = fits(lease.model(), prompt);
                if (!request.streamed()) {
                    Generation g = lease.generate(checked, sampling, new HangUpProbe(response, hangUpProbe));
                    if (cancelled(g)) {
                        return null;
                    }
                    Map<String, Object> choice = new LinkedHashMap<>();
                    choice.put("text", g.text());
                    choice.put("index", 0);
                    choice.put("logprobs", null);
                    choice.put("finish_reason", g.finishReason());
                    Map<String, Object> out = envelope(id, "text_completion", created, request.model());
                    out.put("choices", List.of(choice));
                    out.put("usage", usage(g));
                    return out;
                }
                Stream stream = new Stream(response, id, "text_completion", created, request.model(),
                        request.includeUsage(), part -> {
                            Map<String, Object> choice = new LinkedHashMap<>(part);
                            choice.put("index", 0);
                            choice.put("logprobs", null);
                            return choice;
                        });
                stream.run(lease, checked, sampling, null, text -> Map.of("text", text), Map.of("text", ""));
                return null;
            }
        } catch (ProblemException problem) {
            throw OpenAiErrors.decorate(problem);
        }
    }

    @Operation(summary = "OpenAI-compatible embeddings, for embedding models")
    @PostMapping(path = "/v1/embeddings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> embeddings(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = EmbeddingRequest.class))) @RequestBody JsonNode body,
            SymbiaPrincipal principal) {
        try {
            Access.require(principal, Access.EXECUTE);
            EmbeddingRequest request = bodies.read(body, EmbeddingRequest.class);
            List<String> inputs = inputs(request.input());
            ModelRecord record = manager.require(request.model());
            policy.require(principal, record.id());
            if (!record.embedding()) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "unsupported_operation", "Unsupported operation",
                        "The model '" + record.id() + "' does not produce embeddings.", Map.of("param", "model"));
            }
            try (ModelManager.Lease lease = manager.acquire(record)) {
                List<Map<String, Object>> data = new ArrayList<>();
                int tokens = 0;
                for (int i = 0; i < inputs.size(); i++) {
                    tokens += lease.model().countTokens(inputs.get(i));
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("object", "embedding");
                    item.put("index", i);
                    item.put("embedding", lease.model().embed(inputs.get(i)));
                    data.add(item);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("object", "list");
                out.put("data", data);
                out.put("model", record.id());
                out.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
                return out;
            }
        } catch (ProblemException problem) {
            throw OpenAiErrors.decorate(problem);
        }
    }

    @Operation(summary = "The local models, in OpenAI's list shape")
    @GetMapping("/v1/models")
    Map<String, Object> models(SymbiaPrincipal principal) {
        try {
            Access.require(principal, Access.READ);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("object", "list");
            List<String> allowed = policy.allowed(principal.orgId()).orElse(null);
            // Loaded models first: integrations' local provider takes the first listed model as its default.
            out.put("data", registry.all().stream().filter(ModelRecord::usable)
                    .filter(m -> allowed == null || allowed.contains(m.id()))
                    .sorted(java.util.Comparator.comparing((ModelRecord m) -> !manager.isLoaded(m.id())))
                    .map(m -> ModelViews.model(m, manager)).toList());
            return out;
        } catch (ProblemException problem) {
            throw OpenAiErrors.decorate(problem);
        }
    }

    @Operation(summary = "One local model")
    @GetMapping("/v1/models/{id}")
    Map<String, Object> model(@PathVariable String id, SymbiaPrincipal principal) {
        try {
            Access.require(principal, Access.READ);
            ModelRecord record = manager.require(id);
            policy.require(principal, id);
            return ModelViews.model(record, manager);
        } catch (ProblemException problem) {
            throw OpenAiErrors.decorate(problem);
        }
    }

    // --- request translation ---

    private static List<Turn> turns(List<ChatCompletionRequest.Message> messages) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatCompletionRequest.Message m = messages.get(i);
            // OpenAI's "developer" role is its newer name for "system".
            String role = "developer".equals(m.role()) ? "system" : m.role();
            turns.add(new Turn(role, text(m.content(), "messages[" + i + "].content")));
        }
        if (turns.stream().noneMatch(t -> !"system".equals(t.role()))) {
            throw RequestBodies.invalidField("messages", "must hold at least one user or assistant message");
        }
        return turns;
    }

    private static String text(JsonNode content, String field) {
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
                    throw RequestBodies.invalidField(field, "must be a string or an array of text parts");
                }
                text.append(part.path("text").asString());
            }
            return text.toString();
        }
        throw RequestBodies.invalidField(field, "must be a string or an array of text parts");
    }

    private static String singlePrompt(JsonNode prompt) {
        if (prompt.isString()) {
            return prompt.asString();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isString()) {
            return prompt.get(0).asString();
        }
        throw RequestBodies.invalidField("prompt", "must be a string (or an array of exactly one string)");
    }

    private static List<String> inputs(JsonNode input) {
        if (input.isString()) {
            return List.of(input.asString());
        }
        if (input.isArray() && !input.isEmpty() && input.size() <= 256) {
            List<String> inputs = new ArrayList<>();
            for (JsonNode item : input) {
                if (!item.isString()) {
                    throw RequestBodies.invalidField("input", "must be a string or an array of 1 to 256 strings");
                }
                inputs.add(item.asString());
            }
            return inputs;
        }
        throw RequestBodies.invalidField("input", "must be a string or an array of 1 to 256 strings");
    }

    private static List<String> stops(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        if (stop.isString()) {
            stops.add(stop.asString());
        } else if (stop.isArray() && stop.size() <= MAX_STOP) {
            for (JsonNode s : stop) {
                if (!s.isString()) {
                    throw RequestBodies.invalidField("stop", "must be a string or an array of up to 4 strings");
                }
                stops.add(s.asString());
            }
        } else {
            throw RequestBodies.invalidField("stop", "must be a string or an array of up to 4 strings");
        }
        if (stops.stream().anyMatch(s -> s.isEmpty() || s.length() > 256)) {
            throw RequestBodies.invalidField("stop", "each stop sequence must be 1 to 256 characters");
        }
        return stops;
    }

    private static Sampling sampling(Double temperature, Double topP, Integer maxTokens, JsonNode stop, Long seed) {
        return new Sampling(maxTokens == null ? Integer.MAX_VALUE : maxTokens,
                temperature == null ? 1.0 : temperature, topP == null ? 1.0 : topP, stops(stop),
                // llama.cpp takes a 32-bit seed; any long maps onto a fixed non-negative one
                seed == null ? null : (int) Math.floorMod(seed, (long) Integer.MAX_VALUE));
    }

    private static ModelRecord requireGenerative(ModelRecord record) {
        if (record.embedding()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "unsupported_operation", "Unsupported operation",
                    "The model '" + record.id() + "' is an embedding model; it does not generate text.",
                    Map.of("param", "model"));
        }
        return record;
    }

    /** The caller of a non-streamed request hung up: nothing is left to answer. */
    private static boolean cancelled(Generation g) {
        if ("cancelled".equals(g.finishReason())) {
            log.debug("Caller left after {} tokens; generation stopped", g.completionTokens());
            return true;
        }
        return false;
    }

    private static String format(LoadedModel model, List<Turn> turns) {
        try {
            return model.formatChat(turns);
        } catch (RuntimeException e) {
            // the model's own template refused the conversation (e.g. roles out of the order it demands)
            throw RequestBodies.invalidField("messages", "the model's chat template refused them: " + safe(e));
        }
    }

    /** Checked before a stream opens, so that a prompt too long for the model is a 400, not an error frame. */
    private static Prompt fits(LoadedModel model, String prompt) {
        try {
            return model.prompt(prompt);
        } catch (LoadedModel.ContextOverflowException e) {
            throw contextExceeded(e);
        }
    }

    private static ProblemException contextExceeded(LoadedModel.ContextOverflowException e) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "context_length_exceeded", "Context length exceeded",
                e.getMessage(), Map.of("param", "messages"));
    }

    private static String safe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private static Map<String, Object> envelope(String id, String object, long created, String model) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("object", object);
        out.put("created", created);
        out.put("model", model);
        return out;
    }

    private static Map<String, Object> usage(Generation g) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", g.promptTokens());
        usage.put("completion_tokens", g.completionTokens());
        usage.put("total_tokens", g.promptTokens() + g.completionTokens());
        return usage;
    }

    /**
     * One OpenAI event stream: an optional opening delta (chat's role chunk), a frame per generated piece, the
     * finish frame, the usage frame when asked for ({@code choices: []}), then {@code [DONE]}. A failure after the
     * stream started is an {@code error} frame, and the stream ends without {@code [DONE]}.
     */
    private final class Stream {
        private final HttpServletResponse response;
        private final String id;
        private final String object;
        private final long created;
        private final String model;
        private final boolean includeUsage;
        private final Function<Map<String, Object>, Map<String, Object>> choice;
        private SseStream out;

        Stream(HttpServletResponse response, String id, String object, long created, String model,
                boolean includeUsage, Function<Map<String, Object>, Map<String, Object>> choice) {
            this.response = response;
            this.id = id;
            this.object = object;
            this.created = created;
            this.model = model;
            this.includeUsage = includeUsage;
            this.choice = choice;
        }

        /** Status, headers and the opening delta (or the headers alone), flushed: the caller sees the stream start. */
        private void open(Map<String, Object> openingDelta) throws IOException {
            out = SseStream.open(response, Map.of());
            if (openingDelta != null) {
                send(chunk(openingDelta, null));
            } else {
                out.commit();
            }
        }

        /**
         * Opens the stream once llama.cpp has the request (the opening and the piece frame are rendered while it
         * evaluates the prompt, not before it starts), then writes a frame per piece and the end of the stream.
         */
        void run(ModelManager.Lease lease, Prompt prompt, Sampling sampling, Map<String, Object> openingDelta,
                Function<String, Map<String, Object>> piece, Map<String, Object> finalDelta) {
            Generation g;
            try {
                g = lease.generate(prompt, sampling, new TextSink() {
                    private Frame frame;

                    @Override
                    public void started() throws IOException {
                        open(openingDelta);
                        frame = frame(piece);
                    }

                    @Override
                    public void accept(String text) throws IOException {
                        sendPiece(frame, text);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Generation failed mid-stream", e);
                if (out == null) {
                    try {
                        open(openingDelta); // the stream opens as always, then says what went wrong
                    } catch (IOException left) {
                        log.debug("Caller left before the stream started");
                        return;
                    }
                }
                error("The model failed while generating.", "server_error", "internal");
                return;
            }
            if ("cancelled".equals(g.finishReason())) {
                log.debug("Caller left after {} tokens; generation stopped", g.completionTokens());
                return;
            }
            try {
                send(chunk(finalDelta, g.finishReason()));
                if (includeUsage) {
                    Map<String, Object> last = envelope(id, object, created, model);
                    last.put("choices", List.of());
                    last.put("usage", usage(g));
                    send(json.writeValueAsString(last));
                }
                send("[DONE]");
            } catch (IOException e) {
                log.debug("Caller left before the end of the stream");
            }
        }

        private String chunk(Map<String, Object> delta, String finishReason) {
            Map<String, Object> c = choice.apply(delta);
            c.put("finish_reason", finishReason);
            Map<String, Object> frame = envelope(id, object, created, model);
            frame.put("choices", List.of(c));
            if (includeUsage) {
                frame.put("usage", null); // as OpenAI: every chunk carries usage, null until the last one
            }
            return json.writeValueAsString(frame);
        }

        private void error(String message, String type, String code) {
            try {
                send(json.writeValueAsString(Map.of("error", OpenAiErrors.error(message, type, code))));
            } catch (IOException e) {
                log.debug("Caller left before the error frame");
            }
        }

        private void send(String payload) throws IOException {
            out.data(payload);
            out.flush();
        }

        /**
         * One generated piece as a frame: the frame around it is serialised once per stream (with a marker where the
         * text goes) and only the text is escaped per token, so a token costs one small write and one flush.
         */
        private void sendPiece(Frame frame, String text) throws IOException {
            // Written in parts into the response's buffer (no per-token frame array), then one flush: one socket write.
            out.frame(frame.head(), QUOTE.quoteAsUTF8(text), frame.tail());
            out.flush();
        }

        /** The bytes of a piece's frame before and after its JSON string. */
        private Frame frame(Function<String, Map<String, Object>> piece) {
            String marked = SseStream.dataFrame(chunk(piece.apply(MARKER), null));
            String quotedMarker = json.writeValueAsString(MARKER);
            int at = marked.indexOf(quotedMarker);
            // the head ends with the string's opening quote, the tail starts with its closing one
            return new Frame(marked.substring(0, at + 1).getBytes(StandardCharsets.UTF_8),
                    marked.substring(at + quotedMarker.length() - 1).getBytes(StandardCharsets.UTF_8));
        }
    }
}
