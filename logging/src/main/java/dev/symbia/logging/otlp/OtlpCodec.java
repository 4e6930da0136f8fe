package dev.symbia.logging.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OTLP/HTTP bodies in both encodings. OTLP/JSON is protobuf's JSON mapping with two exceptions this
 * takes care of: trace and span ids are hex (not base64), and enums may be integers (which
 * {@link JsonFormat} accepts). Unknown fields are ignored, as the spec requires of receivers.
 */
final class OtlpCodec {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId",
            "trace_id", "span_id", "parent_span_id");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpCodec() {
    }

    /** Thrown for a body that is not a valid message in its declared encoding. */
    static final class Undecodable extends Exception {
        Undecodable(String message) {
            super(message, null, false, false);
        }
    }

    static <B extends Message.Builder> B decode(byte[] body, boolean json, B builder) throws Undecodable {
        try {
            if (json) {
                PARSER.merge(hexIdsToBase64(body), builder);
            } else {
                builder.mergeFrom(body);
            }
            return builder;
        } catch (InvalidProtocolBufferException | JacksonException | IllegalArgumentException e) {
            throw new Undecodable(json ? "The body is not valid OTLP/JSON." : "The body is not a valid OTLP protobuf message.");
        }
    }

    static byte[] encode(Message message, boolean json) {
        if (!json) {
            return message.toByteArray();
        }
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites hex ids to base64 so that protobuf's JSON parser reads them as the bytes they are. */
    static String hexIdsToBase64(byte[] body) throws Undecodable {
        JsonNode root = MAPPER.readTree(body);
        if (root == null || !root.isObject()) {
            throw new Undecodable("The body must be a JSON object.");
        }
        List<JsonNode> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            JsonNode node = stack.remove(stack.size() - 1);
            if (node instanceof ObjectNode object) {
                List<Map.Entry<String, String>> rewrites = new ArrayList<>();
                for (Map.Entry<String, JsonNode> field : object.properties()) {
                    JsonNode value = field.getValue();
                    if (ID_FIELDS.contains(field.getKey()) && value.isString()) {
                        rewrites.add(Map.entry(field.getKey(), hexToBase64(value.asString())));
                    } else if (value.isContainer()) {
                        stack.add(value);
                    }
                }
                rewrites.forEach(r -> object.put(r.getKey(), r.getValue()));
            } else if (node.isArray()) {
                node.forEach(child -> {
                    if (child.isContainer()) {
                        stack.add(child);
                    }
                });
            }
        }
        return MAPPER.writeValueAsString(root);
    }

    private static String hexToBase64(String hex) throws Undecodable {
        if (hex.isEmpty()) {
            return "";
        }
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new Undecodable("Trace and span ids must be hex in OTLP/JSON.");
        }
    }
}
