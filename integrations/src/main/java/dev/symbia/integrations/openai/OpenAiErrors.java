package dev.symbia.integrations.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenAI's error envelope, {@code {"error": {message, type, param, code}}}, from which SDKs pick
 * their exception class and message ({@link OpenAiErrorEnvelope} adds it to every {@code /v1}
 * problem; streams use it for their error frame).
 */
final class OpenAiErrors {

    private static final Pattern MODEL_PATHS = Pattern.compile("/v1/(chat/completions|embeddings|models(/.*)?)");

    private OpenAiErrors() {
    }

    static Map<String, Object> error(String message, String type, Object code) {
        return error(message, type, null, code);
    }

    static Map<String, Object> error(String message, String type, String param, Object code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return error;
    }

    /** The envelope for a problem answered on {@code path}. */
    static Map<String, Object> forProblem(int status, String path, String title, String detail,
            Map<String, Object> properties) {
        Object code = properties == null ? null : properties.get("code");
        if (status == 404 && MODEL_PATHS.matcher(path).matches()) {
            code = "model_not_found"; // what OpenAI answers for an unknown model; SDKs raise NotFoundError
        }
        String param = null;
        if (properties != null && properties.get("errors") instanceof List<?> errors && !errors.isEmpty()
                && errors.getFirst() instanceof Map<?, ?> first && first.get("field") instanceof String field) {
            param = field;
        }
        if (param == null && properties != null && properties.get("field") instanceof String field) {
            param = field;
        }
        return error(detail != null ? detail : title, type(status), param, code);
    }

    static String type(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            default -> "api_error";
        };
    }
}
