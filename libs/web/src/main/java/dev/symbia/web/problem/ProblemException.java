package dev.symbia.web.problem;

import dev.symbia.core.ProblemTypes;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown by service code to answer with an RFC 9457 problem. The detail is shown to the caller,
 * so it must never carry secrets or internals.
 */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, String code, String title, String detail) {
        super(status, problem(status, code, title, detail), null);
    }

    public ProblemException(HttpStatus status, String code, String title, String detail, Map<String, Object> extensions) {
        super(status, problem(status, code, title, detail), null);
        extensions.forEach(getBody()::setProperty);
    }

    /**
     * No stack trace: a problem is an answer to the caller, thrown on purpose, never a bug to trace — and a
     * request's stack through Tomcat, the filter chain and Spring MVC is deep enough that filling it in cost
     * more than the rest of a refused request (a vault miss, a validation error).
     */
    @Override
    public final synchronized Throwable fillInStackTrace() {
        return this;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", what + " not found");
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
    }

    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Authentication required", detail);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri(code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
