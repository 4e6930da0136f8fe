package dev.symbia.gateway.problem;

import dev.symbia.core.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error the gateway itself answers, rendered as {@code application/problem+json} by
 * {@link ProblemWebExceptionHandler}. Thrown on expected paths (limits, refusals), so it carries no
 * stack trace.
 */
public final class GatewayProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final String detail;
    private final HttpHeaders headers = new HttpHeaders();

    private GatewayProblemException(HttpStatus status, String code, String title, String detail) {
        super(title + ": " + detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.detail = detail;
    }

    public static GatewayProblemException of(HttpStatus status, String code, String title, String detail) {
        return new GatewayProblemException(status, code, title, detail);
    }

    /** The same answer for an unknown path and a hidden one, so neither can be told apart. */
    public static GatewayProblemException notFound() {
        return of(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", "No route matches this path.");
    }

    /** Adds a response header to the problem answer, e.g. {@code Retry-After}. */
    public GatewayProblemException withHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
