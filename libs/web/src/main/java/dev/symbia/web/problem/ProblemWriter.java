package dev.symbia.web.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem where Spring MVC's exception handling does not reach: servlet filters that refuse a
 * request before any handler, and the container's own error report ({@link ProblemErrorReportValve}).
 */
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(bytes(problem, request == null ? null : request.getRequestURI()));
        response.flushBuffer();
    }

    /** The problem decorated like every other (type, code, requestId, instance) and serialised. */
    byte[] bytes(ProblemDetail problem, String path) {
        return json.writeValueAsBytes(Problems.decorate(problem, path == null || path.indexOf('\0') >= 0
                || !path.startsWith("/") ? null : safePath(path)));
    }

    /** A problem for a bare status, worded like {@link ProblemErrorController}'s. */
    public static ProblemDetail forStatus(int status) {
        HttpStatus resolved = HttpStatus.resolve(status);
        if (resolved == null || status < 400) {
            resolved = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String detail = resolved.is5xxServerError()
                ? "An unexpected error occurred. Quote the requestId when reporting it."
                : resolved.getReasonPhrase();
        return Problems.of(resolved, dev.symbia.core.ProblemTypes.forStatus(resolved.value()),
                resolved.getReasonPhrase(), detail);
    }

    // The raw request URI may hold anything a client sent; keep it only if it is a plain, bounded URI path.
    private static String safePath(String path) {
        return path.length() <= 512 && path.matches("[A-Za-z0-9/._~%!$&'()*+,;=:@-]*") ? path : null;
    }
}
