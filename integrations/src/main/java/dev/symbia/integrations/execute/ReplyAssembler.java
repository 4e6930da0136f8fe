package dev.symbia.integrations.execute;

import dev.symbia.integrations.provider.ToolCall;
import dev.symbia.integrations.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts a streamed reply back together for a non-streamed answer, the way OpenAI SDKs accumulate a
 * stream: text appended, tool calls by index (id and name from the first fragment, arguments
 * concatenated), logprob entries appended.
 */
final class ReplyAssembler {

    private final StringBuilder content = new StringBuilder();
    private final Map<Integer, Call> calls = new TreeMap<>();
    private ArrayNode logprobs;

    void add(StreamEvent event) {
        switch (event) {
            case StreamEvent.Delta delta -> {
                content.append(delta.text());
                if (delta.logprobs() != null) {
                    if (logprobs == null) {
                        logprobs = JsonNodeFactory.instance.arrayNode();
                    }
                    for (JsonNode entry : delta.logprobs().path("content")) {
                        logprobs.add(entry);
                    }
                }
            }
            case StreamEvent.ToolCallDelta fragment -> {
                Call call = calls.computeIfAbsent(fragment.index(), i -> new Call());
                if (call.id == null) {
                    call.id = fragment.id();
                }
                if (call.name == null) {
                    call.name = fragment.name();
                }
                call.arguments.append(fragment.arguments());
            }
            default -> {
                // terminal events are handled by the caller
            }
        }
    }

    String content() {
        return content.toString();
    }

    List<ToolCall> toolCalls() {
        List<ToolCall> result = new ArrayList<>();
        calls.forEach((index, call) -> result.add(new ToolCall(call.id, "function",
                new ToolCall.Function(call.name == null ? "" : call.name, call.arguments.toString()))));
        return result;
    }

    JsonNode logprobs() {
        if (logprobs == null) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("content", logprobs);
        return node;
    }

    private static final class Call {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();
    }
}
