package dev.symbia.integrations.execute;

import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.integrations.stream.SseFormat;
import dev.symbia.integrations.stream.StreamEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's chat-stream frames (SPEC §4), so messaging can relay them as they are:
 * {@code {"content"}} per delta; {@code {"toolCall": {index, id?, name?, arguments}}} per tool-call
 * fragment (only when the request offered tools); {@code {"done":true, provider, model, finishReason, usage, …}};
 * or {@code {"error":"<title>","code":"<category>","details"}}.
 */
final class SymbiaFrames implements SseFormat {

    private final JsonMapper json;
    private final ChatSession session;

    SymbiaFrames(JsonMapper json, ChatSession session) {
        this.json = json;
        this.session = session;
    }

    @Override
    public List<String> frames(StreamEvent event) {
        Map<String, Object> frame = new LinkedHashMap<>();
        switch (event) {
            case StreamEvent.Delta delta -> {
                if (delta.text().isEmpty()) {
                    return List.of(); // logprobs only: this contract does not carry them
                }
                frame.put("content", delta.text());
            }
            case StreamEvent.ToolCallDelta fragment -> {
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("index", fragment.index());
                if (fragment.id() != null) {
                    call.put("id", fragment.id());
                }
                if (fragment.name() != null) {
                    call.put("name", fragment.name());
                }
                call.put("arguments", fragment.arguments());
                frame.put("toolCall", call);
            }
            case StreamEvent.Done done -> {
                frame.put("done", true);
                frame.put("provider", session.provider());
                frame.put("model", done.model());
                frame.put("finishReason", done.finishReason());
                frame.put("usage", done.usage());
                frame.put("usageEstimated", done.usageEstimated());
                frame.put("requestId", session.requestId());
            }
            case StreamEvent.Failed failed -> error(frame, failed.failure());
        }
        return List.of(SseFormat.data(json.writeValueAsString(frame)));
    }

    private void error(Map<String, Object> frame, ProviderFailure failure) {
        frame.put("error", failure.category().title());
        frame.put("code", failure.category().wireName());
        frame.put("details", failure.detail());
        frame.put("status", failure.category().status().value());
        frame.put("provider", session.provider());
        frame.put("requestId", session.requestId());
    }
}
