package dev.symbia.relay;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes envelopes strictly. Reading refuses anything a signature could not vouch for
 * unambiguously: duplicate keys, unknown fields, wrong types, ids and types outside their
 * grammar. Writing is deterministic: fixed fields, absent optionals left out.
 */
public final class EnvelopeCodec {

    /** Event, run and causation ids: letters, digits and {@code . _ : -}, at most 128. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** Node ids, e.g. {@code messaging} or {@code assistant:onboarding}. */
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    /** Dotted event types, e.g. {@code message.new}; no wildcards in an event. */
    public static final Pattern TYPE = Pattern.compile("(?=.{1,200}$)[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    /** Lower-case hex of an HMAC-SHA256. */
    public static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");

    private final JsonMapper mapper;

    public EnvelopeCodec() {
        // Duplicate keys are how two parsers come to see two different envelopes under one signature.
        this.mapper = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** The strict mapper this codec reads with, for callers that parse frames around envelopes. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** Parses JSON text into a validated envelope. */
    public Envelope read(String json) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JacksonException e) {
            throw malformed("not valid JSON (or duplicate keys)");
        }
        return fromTree(tree);
    }

    /** Validates a parsed JSON value as an envelope. */
    public Envelope fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw malformed("an envelope is a JSON object");
        }
        // One pass over the members (no set probe and map lookup per field, issue 26); the checks below keep their order.
        JsonNode id = null;
        JsonNode type = null;
        JsonNode source = null;
        JsonNode target = null;
        JsonNode runId = null;
        JsonNode causedBy = null;
        JsonNode boundaryText = null;
        JsonNode timestamp = null;
        JsonNode data = null;
        JsonNode signature = null;
        for (Map.Entry<String, JsonNode> member : tree.properties()) {
            JsonNode value = member.getValue();
            switch (member.getKey()) {
                case "id" -> id = value;
                case "type" -> type = value;
                case "source" -> source = value;
                case "target" -> target = value;
                case "runId" -> runId = value;
                case "causedBy" -> causedBy = value;
                case "boundary" -> boundaryText = value;
                case "timestamp" -> timestamp = value;
                case "data" -> data = value;
                case "signature" -> signature = value;
                default -> throw malformed("unknown field '" + safe(member.getKey()) + "'");
            }
        }
        if (data == null) {
            throw malformed("'data' is required (it may be null)");
        }
        Boundary boundary = Boundary.parse(text(boundaryText, "boundary", true))
                .orElseThrow(() -> malformed("'boundary' must be intra, inter or extra"));
        Envelope envelope = new Envelope(
                text(id, "id", true),
                text(type, "type", true),
                text(source, "source", true),
                text(target, "target", false),
                text(runId, "runId", true),
                text(causedBy, "causedBy", false),
                boundary,
                text(timestamp, "timestamp", true),
                data,
                text(signature, "signature", false));
        validate(envelope);
        return envelope;
    }

    /** Checks every field's grammar; throws {@link EnvelopeRejectedException} with MALFORMED. */
    public static void validate(Envelope envelope) {
        // Hand-written scanners of the patterns above: a regex match per field cost microseconds on every hop (issue 26).
        require(isId(envelope.id()), "id");
        require(isType(envelope.type()), "type");
        require(isNodeId(envelope.source()), "source");
        if (envelope.target() != null) {
            require(isNodeId(envelope.target()), "target");
        }
        require(isId(envelope.runId()), "runId");
        if (envelope.causedBy() != null) {
            require(isId(envelope.causedBy()), "causedBy");
        }
        if (envelope.timestamp() == null || envelope.timestamp().length() > 40) {
            throw malformed("'timestamp' must be an RFC 3339 date-time");
        }
        parseTimestamp(envelope.timestamp());
        if (envelope.signature() != null && !isSignature(envelope.signature())) {
            throw malformed("'signature' must be 64 lower-case hex digits");
        }
    }

    /** Exactly {@link #ID}'s language. */
    static boolean isId(String value) {
        return isName(value, false);
    }

    /** Exactly {@link #NODE_ID}'s language. */
    static boolean isNodeId(String value) {
        return isName(value, true);
    }

    private static boolean isName(String value, boolean at) {
        if (value == null || value.isEmpty() || value.length() > 128 || !isAlnum(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '_' && c != ':' && c != '-' && !(at && c == '@')) {
                return false;
            }
        }
        return true;
    }

    /** Exactly {@link #TYPE}'s language: 1 to 200 characters, non-empty {@code [A-Za-z0-9_-]} runs joined by single dots. */
    static boolean isType(String value) {
        if (value == null || value.isEmpty() || value.length() > 200) {
            return false;
        }
        boolean segmentStart = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (segmentStart) {
                    return false;
                }
                segmentStart = true;
            } else if (isAlnum(c) || c == '_' || c == '-') {
                segmentStart = false;
            } else {
                return false;
            }
        }
        return !segmentStart;
    }

    /** Exactly {@link #SIGNATURE}'s language. */
    static boolean isSignature(String value) {
        if (value == null || value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** The envelope as a JSON object; the signature is included when present. */
    public ObjectNode toTree(Envelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", envelope.id());
        node.put("type", envelope.type());
        node.put("source", envelope.source());
        if (envelope.target() != null) {
            node.put("target", envelope.target());
        }
        node.put("runId", envelope.runId());
        if (envelope.causedBy() != null) {
            node.put("causedBy", envelope.causedBy());
        }
        node.put("boundary", envelope.boundary().wire());
        node.put("timestamp", envelope.timestamp());
        node.set("data", envelope.data());
        if (envelope.signature() != null) {
            node.put("signature", envelope.signature());
        }
        return node;
    }

    /**
     * The envelope as JSON text: the same text as serialising {@link #toTree}, written field by field without
     * building that tree first (once per hop on the network's path, issue 26). Through the mapper, so that its
     * pooled string writer and buffers are reused.
     */
    public String write(Envelope envelope) {
        return mapper.writeValueAsString(new Fields(envelope));
    }

    /** Serialises an envelope's fields in {@link #toTree}'s order. */
    private record Fields(Envelope envelope) implements JacksonSerializable {

        @Override
        public void serialize(JsonGenerator generator, SerializationContext context) {
            generator.writeStartObject();
            generator.writeStringProperty("id", envelope.id());
            generator.writeStringProperty("type", envelope.type());
            generator.writeStringProperty("source", envelope.source());
            if (envelope.target() != null) {
                generator.writeStringProperty("target", envelope.target());
            }
            generator.writeStringProperty("runId", envelope.runId());
            if (envelope.causedBy() != null) {
                generator.writeStringProperty("causedBy", envelope.causedBy());
            }
            generator.writeStringProperty("boundary", envelope.boundary().wire());
            generator.writeStringProperty("timestamp", envelope.timestamp());
            generator.writeName("data");
            envelope.data().serialize(generator, context); // as an ObjectNode serialises its members
            if (envelope.signature() != null) {
                generator.writeStringProperty("signature", envelope.signature());
            }
            generator.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer types) {
            serialize(generator, context); // never polymorphic: the codec's mapper has no default typing
        }
    }

    /** RFC 3339 date-time ({@code Z} or an offset) to an instant. */
    public static Instant parseTimestamp(String text) {
        try {
            Instant fast = parseUtc(text);
            return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException | NullPointerException e) {
            throw malformed("'timestamp' must be an RFC 3339 date-time");
        }
    }

    /**
     * The shape every sender writes ({@link #timestamp}: {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}) without the general
     * formatter, which costs microseconds on every hop (issue 26); null for any other text, which the formatter
     * then decides. Ranges are checked as strictly as {@code ISO_OFFSET_DATE_TIME} does (a bad date throws).
     */
    private static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1) {
                return null;
            }
            int fraction = digits(text, 20, digits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
    }

    /** The decimal value of {@code count} ASCII digits from {@code from}, or -1 when one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** How senders write timestamps: UTC, millisecond precision. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Small helper for building {@code data} from maps in tests and callers. */
    public JsonNode toData(Object value) {
        return value instanceof JsonNode node ? node : mapper.valueToTree(value instanceof Map<?, ?> m ? m : value);
    }

    private static String text(JsonNode value, String field, boolean required) {
        if (value == null || value.isNull()) {
            if (required) {
                throw malformed("'" + field + "' is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw malformed("'" + field + "' must be a string");
        }
        return value.stringValue();
    }

    private static void require(boolean valid, String field) {
        if (!valid) {
            throw malformed("'" + field + "' is missing or not of the allowed form");
        }
    }

    private static String safe(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) : name;
        return cut.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    private static EnvelopeRejectedException malformed(String message) {
        return new EnvelopeRejectedException(RejectionReason.MALFORMED, "Malformed envelope: " + message);
    }
}
