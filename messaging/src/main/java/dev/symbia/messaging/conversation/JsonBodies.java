package dev.symbia.messaging.conversation;

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
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads request bodies strictly, as integrations does: unknown fields, wrong types and coerced
 * scalars ({@code "true"} for a boolean, {@code 1} for a string) are a 400 {@code validation}
 * problem naming the field, then Bean Validation runs. Strict per body type, so the service's
 * own mapper stays lenient for everything else.
 */
@Component
public class JsonBodies {

    private final JsonMapper strict;
    private final JsonMapper json;
    private final Validator validator;

    public JsonBodies(JsonMapper json, Validator validator) {
        this.json = json;
        this.strict = json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
        this.validator = validator;
    }

    /** The body as {@code type}, validated; a 400 problem naming the fields at fault otherwise. */
    public <T> T read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) {
            throw invalid("The request body must be a JSON object.", List.of());
        }
        T value;
        try {
            value = strict.treeToValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw invalid("Unknown field '" + field + "'.", List.of(fieldError(field, "unknown field")));
        } catch (JacksonException e) {
            String field = path(e);
            throw invalid("Field '" + field + "' has the wrong type or shape.", List.of(fieldError(field, "wrong type or shape")));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            List<Map<String, Object>> errors = violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> fieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .toList();
            throw invalid("The request has " + errors.size() + " invalid field(s): " + errors.stream()
                    .map(e -> e.get("field") + " " + e.get("message")).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        return value;
    }

    /** A 400 when a free-form JSON value is larger than {@code limit} once serialised. */
    public void requireSize(String field, Object value, DataSize limit) {
        if (value != null && json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length > limit.toBytes()) {
            throw invalidField(field, "must be at most " + limit.toBytes() + " bytes as JSON");
        }
    }

    /** A 400 naming one field. */
    public static ProblemException invalidField(String field, String message) {
        return invalid("Field '" + field + "' " + message + ".", List.of(fieldError(field, message)));
    }

    public static ProblemException invalid(String detail, List<Map<String, Object>> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request", detail,
                errors.isEmpty() ? Map.of() : Map.of("errors", errors));
    }

    private static Map<String, Object> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    // The JSON path of the offending field, e.g. target.messageId (names only, never values).
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
