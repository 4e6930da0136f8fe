package dev.symbia.relay;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The relay's side of {@link RelayProtocol}: the frames it writes and reads on the socket. */
final class RelayFrames {

    static final String HEARTBEAT = "{\"op\":\"" + RelayProtocol.OP_HEARTBEAT + "\"}";

    private final EnvelopeCodec codec;
    private final JsonMapper mapper;

    RelayFrames(EnvelopeCodec codec) {
        this.codec = codec;
        this.mapper = codec.mapper();
    }

    /** Registers (again) this replica of the node, declaring the patterns it consumes. */
    String register(String replica, NodeRegistration node, List<String> patterns) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("op", RelayProtocol.OP_REGISTER);
        frame.put("replica", replica);
        frame.set("node", mapper.valueToTree(node.withSubscriptions(patterns)));
        return mapper.writeValueAsString(frame);
    }

    String publish(Envelope envelope) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("op", RelayProtocol.OP_PUBLISH);
        frame.set("event", codec.toTree(envelope));
        return mapper.writeValueAsString(frame);
    }

    /** The frame, or null when it is not JSON. */
    JsonNode read(String text) {
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A string field of a frame, or null. */
    static String text(JsonNode frame, String field) {
        JsonNode value = frame == null ? null : frame.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
