package dev.symbia.models.openai;

import dev.symbia.web.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI SDKs read an error from an {@code error} member; our problems gain one (as integrations' do), so an SDK
 * user sees the real reason while the body stays problem+json.
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static ProblemException decorate(ProblemException problem) {
        Map<String, Object> props = problem.getBody().getProperties();
        Object code = props == null ? null : props.get("code");
        problem.getBody().setProperty("error", error(problem.getBody().getDetail(),
                type(problem.getStatusCode().value()), code));
        return problem;
    }

    static Map<String, Object> error(String message, String type, Object code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return error;
    }

    static String type(int status) {
        return switch (status) {
            case 400, 404, 409, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> "server_error";
        };
    }
}
