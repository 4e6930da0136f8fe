package dev.symbia.integrations.openai;

import dev.symbia.integrations.stream.SseFormat;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.Usage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's streaming dialect: a role chunk, a {@code chat.completion.chunk} per delta (text, or
 * one {@code delta.tool_calls} fragment: index, id and name on a call's first fragment, arguments in pieces), a chunk
 * carrying {@code finish_reason}, the usage chunk (empty {@code choices}) when the client asked for
 * {@code stream_options.include_usage}, then {@code data: [DONE]}. A failure mid-stream is a
 * {@code data: {"error":{…}}} frame and no {@code [DONE]}, which OpenAI SDKs raise as an error.
 */
final class OpenAiChunks implements SseFormat {

    private static final String DONE = SseFormat.data("[DONE]");

    private final JsonMapper json;
    private final String id;
    private final long created;
    private final String model;
    private final boolean includeUsage;

    OpenAiChunks(JsonMapper json, String id, long created, String model, boolean includeUsage) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public List<String> opening() {
        ObjectNode chunk = chunk();
        ObjectNode delta = choice(chunk, null);
        delta.put("role", "assistant");
        delta.put("content", "");
        return List.of(frame(chunk));
    }

    @Override
    public List<String> frames(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Delta delta -> {
                ObjectNode chunk = chunk();
                choice(chunk, null).put("content", delta.text());
                if (delta.logprobs() != null) {
                    ((ObjectNode) chunk.path("choices").path(0)).set("logprobs", delta.logprobs());
                }
                yield List.of(frame(chunk));
            }
            case StreamEvent.ToolCallDelta fragment -> {
                ObjectNode chunk = chunk();
                ObjectNode call = choice(chunk, null).putArray("tool_calls").addObject();
                call.put("index", fragment.index());
                if (fragment.id() != null) {
                    call.put("id", fragment.id());
                    call.put("type", "function");
                }
                ObjectNode function = call.putObject("function");
                if (fragment.name() != null) {
                    function.put("name", fragment.name());
                }
                function.put("arguments", fragment.arguments());
                yield List.of(frame(chunk));
            }
            case StreamEvent.Done done -> {
                List<String> frames = new ArrayList<>();
                ObjectNode last = chunk();
                choice(last, done.finishReason());
                frames.add(frame(last));
                if (includeUsage) {
                    ObjectNode usageChunk = chunk();
                    usageChunk.putArray("choices");
                    usageChunk.set("usage", usage(done.usage()));
                    frames.add(frame(usageChunk));
                }
                frames.add(DONE);
                yield frames;
            }
            case StreamEvent.Failed failed -> {
                ObjectNode error = json.createObjectNode();
                error.putPOJO("error", OpenAiErrors.error(failed.failure().detail(),
                        OpenAiErrors.type(failed.failure().category().status().value()),
                        failed.failure().category().wireName()));
                yield List.of(frame(error));
            }
        };
    }

    private ObjectNode chunk() {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    // Adds the single choice and returns its delta object.
    private static ObjectNode choice(ObjectNode chunk, String finishReason) {
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return delta;
    }

    private ObjectNode usage(Usage usage) {
        ObjectNode node = json.createObjectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    private String frame(ObjectNode node) {
        return SseFormat.data(json.writeValueAsString(node));
    }
}
