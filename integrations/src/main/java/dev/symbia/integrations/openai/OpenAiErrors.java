package dev.symbia.integrations.openai;

import dev.symbia.web.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI SDKs read an error's message from an {@code error} member; our problems gain one, so an
 * SDK user sees the real reason while the body stays a problem+json document.
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static ProblemException decorate(ProblemException problem) {
        int status = problem.getStatusCode().value();
        Object code = problem.getBody().getProperties() == null ? null : problem.getBody().getProperties().get("code");
        problem.getBody().setProperty("error", error(problem.getBody().getDetail(), type(status), code));
        return problem;
    }

    static Map<String, Object> error(String message, String type, Object code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        return error;
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
