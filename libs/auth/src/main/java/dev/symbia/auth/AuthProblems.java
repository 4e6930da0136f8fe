package dev.symbia.auth;

import dev.symbia.core.ProblemTypes;
import dev.symbia.core.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes 401/403/503 answers from the security filter chain, where MVC's problem advice does not
 * reach, in the same RFC 9457 shape (type, title, status, detail, instance, code, requestId), plus what the
 * service's {@link AuthProblemCustomizer}s add.
 */
final class AuthProblems {

    /** Request attribute with why a presented credential was not accepted (shown as the 401 detail). */
    static final String FAILURE_ATTRIBUTE = AuthProblems.class.getName() + ".failure";

    private final JsonMapper json;
    private final List<AuthProblemCustomizer> customizers;

    AuthProblems(JsonMapper json, List<AuthProblemCustomizer> customizers) {
        this.json = json;
        this.customizers = List.copyOf(customizers);
    }

    void unauthenticated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object failure = request.getAttribute(FAILURE_ATTRIBUTE);
        String detail = failure instanceof String reason ? reason : "Authentication is required.";
        response.setHeader("WWW-Authenticate", "Bearer");
        write(request, response, 401, ProblemTypes.UNAUTHENTICATED, "Authentication required", detail);
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, 403, ProblemTypes.FORBIDDEN, "Forbidden", detail);
    }

    void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        write(request, response, 503, ProblemTypes.UNAVAILABLE, "Service unavailable",
                "The credential could not be verified right now; try again shortly.");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, int status, String code, String title,
            String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(ProblemTypes.uri(code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        for (AuthProblemCustomizer customizer : customizers) {
            customizer.customize(request, problem);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", status);
        body.put("detail", problem.getDetail());
        // The raw request URI as it came (not re-parsed as a URI: a refused request's target may not be one).
        body.put("instance", request.getRequestURI());
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(body::putIfAbsent);
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
