package dev.symbia.logging.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP attribute values as plain JSON-able Java values, and ids as lower-case hex. */
final class AnyValues {

    static final String SERVICE_NAME = "service.name";

    private AnyValues() {
    }

    static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            map.put(kv.getKey(), value(kv.getValue()));
        }
        return map;
    }

    static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            // JSON has no NaN or infinities: keep them readable as text.
            case DOUBLE_VALUE -> Double.isFinite(value.getDoubleValue()) ? value.getDoubleValue()
                    : Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> {
                List<Object> list = new ArrayList<>();
                value.getArrayValue().getValuesList().forEach(v -> list.add(value(v)));
                yield list;
            }
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            default -> null;
        };
    }

    /** A log body as text: strings as they are, anything else as JSON. */
    static String text(AnyValue value) {
        if (value.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            return value.getStringValue();
        }
        Object plain = value(value);
        return plain == null ? "" : dev.symbia.logging.ingest.Rows.json(plain);
    }

    static String serviceName(Resource resource, String fallback) {
        for (KeyValue kv : resource.getAttributesList()) {
            if (SERVICE_NAME.equals(kv.getKey()) && kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE
                    && !kv.getValue().getStringValue().isBlank()) {
                String name = kv.getValue().getStringValue().trim();
                return name.length() > 200 ? name.substring(0, 200) : name;
            }
        }
        return fallback;
    }

    /**
     * An id of the expected byte length as hex; {@code ""} for an absent (empty) id; null when the
     * length is wrong (the record is then rejected).
     */
    static String hexId(ByteString bytes, int length) {
        if (bytes.isEmpty()) {
            return "";
        }
        if (bytes.size() != length) {
            return null;
        }
        String hex = HexFormat.of().formatHex(bytes.toByteArray());
        return hex.chars().allMatch(c -> c == '0') ? null : hex;
    }
}
