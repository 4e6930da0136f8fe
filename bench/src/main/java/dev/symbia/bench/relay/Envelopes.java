package dev.symbia.bench.relay;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Representative events, the same for every benchmark that needs one. */
public final class Envelopes {

    private Envelopes() {
    }

    /**
     * A {@code message.new} event as messaging publishes it. {@code small}: a chat line (~0.5 KB
     * envelope); {@code large}: a long assistant reply with metadata (~8 KB).
     */
    public static Envelope messageNew(EnvelopeCodec codec, String size, Instant at) {
        int paragraphs = "large".equals(size) ? 40 : 1;
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < paragraphs; i++) {
            content.append("Paragraph ").append(i).append(": the quick brown fox jumps over the lazy dog, ")
                    .append("naïve café — \"quoted\" text with a tab\tand unicode ✓. ")
                    .append("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", UUID.nameUUIDFromBytes("c".getBytes()).toString());
        data.put("messageId", UUID.nameUUIDFromBytes("m".getBytes()).toString());
        data.put("sender", Map.of("id", "user-42", "type", "user", "name", "Ada"));
        data.put("content", content.toString());
        data.put("contentType", "text/markdown");
        data.put("sequence", 1234);
        data.put("score", 0.875);
        data.put("tags", List.of("support", "billing", "priority"));
        if ("large".equals(size)) {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("promptTokens", 812);
            usage.put("completionTokens", 1534);
            usage.put("totalTokens", 2346);
            data.put("metadata", Map.of("provider", "sambanova", "model", "Meta-Llama-3.3-70B-Instruct",
                    "usage", usage, "ttftMs", 184, "durationMs", 9312, "finishReason", "stop"));
        }
        return new Envelope("evt-" + UUID.nameUUIDFromBytes(size.getBytes()), "message.new", "messaging", null,
                "run-7f3a", "evt-cause-1", Boundary.INTRA, EnvelopeCodec.timestamp(at), codec.toData(data), null);
    }
}
