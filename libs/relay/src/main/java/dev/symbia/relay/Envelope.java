package dev.symbia.relay;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The signed event envelope of SPEC §5:
 * {@code {id, type, source, target?, runId, causedBy?, boundary, timestamp, data, signature}}.
 *
 * <p>{@code timestamp} stays the exact RFC 3339 text the sender wrote, because the signature covers
 * that text; {@link #instant()} parses it. Optional fields are {@code null} when absent and are
 * then left out of the JSON (and of the signed canonical form). {@code signature} is {@code null}
 * on a draft that has not been signed yet.
 */
public record Envelope(
        String id,
        String type,
        String source,
        String target,
        String runId,
        String causedBy,
        Boundary boundary,
        String timestamp,
        JsonNode data,
        String signature) {

    public Envelope {
        Objects.requireNonNull(boundary, "boundary");
        data = data == null ? NullNode.getInstance() : data;
    }

    public Instant instant() {
        return EnvelopeCodec.parseTimestamp(timestamp);
    }

    public Envelope withSignature(String newSignature) {
        return new Envelope(id, type, source, target, runId, causedBy, boundary, timestamp, data, newSignature);
    }

    public Envelope withData(JsonNode newData) {
        return new Envelope(id, type, source, target, runId, causedBy, boundary, timestamp, newData, null);
    }

    public Envelope withTimestamp(String newTimestamp) {
        return new Envelope(id, type, source, target, runId, causedBy, boundary, newTimestamp, data, null);
    }

    /** Everything but the signature: the value whose canonical form is signed. */
    public Envelope unsigned() {
        return withSignature(null);
    }
}
