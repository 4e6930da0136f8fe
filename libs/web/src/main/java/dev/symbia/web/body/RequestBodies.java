package dev.symbia.web.body;

import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds a JSON body strictly — unknown fields, wrong types and coerced scalars ({@code "0.7"} for a
 * number, {@code 1.5} for an integer) are rejected — then validates it, answering every problem as a
 * 400 {@code validation} problem naming the fields at fault. Strictness is per body type here, not
 * for the whole service, so lenient reading (of provider answers) stays lenient. A bean of every
 * service (libs/web auto-configuration): controllers take the body as a {@code JsonNode} and read it here.
 */
public class RequestBodies {

    private final JsonMapper json;
    private final JsonMapper strict;
    private final Validator validator;

    public RequestBodies(JsonMapper json, Validator validator) {
        this.json = json;
        this.strict = json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
        this.validator = validator;
    }

    public <T> T read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) {
            throw invalid("The request body must be a JSON object.", List.of());
        }
        return bind(() -> strict.treeToValue(body, type));
    }

    /**
     * The same strict binding straight from the body's bytes, for large bodies on hot paths (log, metric and
     * trace ingest): no intermediate tree, so a body is parsed once.
     */
    public <T> T read(byte[] body, Class<T> type) {
        if (!startsWithObject(body)) {
            throw invalid("The request body must be a JSON object.", List.of());
        }
        return bind(() -> {
            try {
                return strict.readValue(body, type);
            } catch (StreamReadException e) {
                throw invalid("The request body is not valid JSON.", List.of());
            }
        });
    }

    private <T> T bind(java.util.function.Supplier<T> binding) {
        T value;
        try {
            value = binding.get();
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw invalid("Unknown field '" + field + "'.", List.of(Map.of("field", field, "message", "unknown field")));
        } catch (JacksonException e) {
            String field = path(e);
            throw invalid("Field '" + field + "' has the wrong type or shape.",
                    List.of(Map.of("field", field, "message", "wrong type or shape")));
        }
        validate(value);
        return value;
    }

    private static boolean startsWithObject(byte[] body) {
        if (body != null) {
            for (byte b : body) {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                    return b == '{';
                }
            }
        }
        return false;
    }

    /** Validates an already-built value (Bean Validation), as a 400 problem naming the fields. */
    public <T> void validate(T value) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            List<Map<String, Object>> errors = violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> Map.<String, Object>of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
                    .toList();
            throw invalid("The request has " + errors.size() + " invalid field(s): " + errors.stream()
                    .map(e -> e.get("field") + " " + e.get("message")).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
    }

    /** A 400 when a free-form JSON value (metadata) is larger than {@code limit} once serialised. */
    public void requireSize(String field, Object value, DataSize limit) {
        if (value != null && json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length > limit.toBytes()) {
            throw invalidField(field, "must be at most " + limit.toBytes() + " bytes as JSON");
        }
    }

    /** A 400 naming one field. */
    public static ProblemException invalidField(String field, String message) {
        return invalid("Field '" + field + "' " + message + ".", List.of(Map.of("field", field, "message", message)));
    }

    public static ProblemException invalid(String detail, List<Map<String, Object>> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request", detail,
                errors.isEmpty() ? Map.of() : Map.of("errors", errors));
    }

    // The JSON path of the offending field, e.g. params.messages[0].role (names only, never values).
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(truncate(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static String truncate(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) + "…" : safe;
    }
}
