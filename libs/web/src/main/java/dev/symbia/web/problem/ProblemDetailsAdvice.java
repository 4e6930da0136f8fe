package dev.symbia.web.problem;

import dev.symbia.core.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error a service answers is {@code application/problem+json} (RFC 9457): Spring MVC's own
 * exceptions (404, 405, 415, …), validation failures with the fields at fault, malformed bodies,
 * {@link ProblemException}s from service code, and anything unexpected, which becomes a 500 whose
 * detail never contains the exception's message.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::fieldError)
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                errors.isEmpty() ? "The request is not valid." : "The request has " + errors.size() + " invalid field(s).");
        problem.setProperty("errors", errors);
        return respond(problem, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> Map.<String, Object>of(
                        "field", result.getMethodParameter().getParameterName() == null
                                ? "parameter" : result.getMethodParameter().getParameterName(),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "The request has " + errors.size() + " invalid parameter(s).");
        problem.setProperty("errors", errors);
        return respond(problem, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // The parser's message may echo parts of the body; say what is wrong without quoting it.
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request body",
                "The request body could not be read as JSON of the expected shape.");
        return respond(problem, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // Spring's wording ("No static resource …") describes its fallback handler, not the API.
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                "No endpoint " + ex.getHttpMethod() + " /" + ex.getResourcePath() + ".");
        return respond(problem, headers, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "Parameter '" + ex.getName() + "' has an invalid value.");
        problem.setProperty("errors", List.of(Map.of("field", ex.getName(), "message", "invalid value")));
        return respond(problem, new HttpHeaders(), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<Map<String, Object>> errors = ex.getConstraintViolations().stream()
                .map(v -> Map.<String, Object>of("field", String.valueOf(v.getPropertyPath()), "message", v.getMessage()))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "The request has " + errors.size() + " invalid field(s).");
        problem.setProperty("errors", errors);
        return respond(problem, new HttpHeaders(), request);
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleInvalidParameter(InvalidParameterException ex, WebRequest request) {
        // Tomcat could not parse the query (bad percent-encoding, too many parameters): the caller's mistake.
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "The query string could not be read.");
        return respond(problem, new HttpHeaders(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        DatabaseUnavailable.Kind unavailable = DatabaseUnavailable.classify(ex);
        if (unavailable != null) {
            log.warn("No database for {}: {}", describe(request), ex.toString());
            return respond(unavailable(unavailable), retryAfter(unavailable), request);
        }
        log.error("Unhandled error on {}", describe(request), ex);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
                "An unexpected error occurred. Quote the requestId when reporting it.");
        return respond(problem, new HttpHeaders(), request);
    }

    /**
     * Every database connection busy (the pool timed out) is overload; the database unreachable is an outage.
     * Neither is a bug: the caller may retry, and a 503 with Retry-After tells it when.
     */
    static ProblemDetail unavailable(DatabaseUnavailable.Kind kind) {
        return kind == DatabaseUnavailable.Kind.BUSY
                ? Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Service busy",
                        "The service is overloaded; retry shortly.")
                : Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Service unavailable",
                        "The service's database is unavailable; retry shortly.");
    }

    static HttpHeaders retryAfter(DatabaseUnavailable.Kind kind) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, kind == DatabaseUnavailable.Kind.BUSY ? "1" : "5");
        return headers;
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            return respond(problem, headers, request);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
        Problems.decorate(problem, path(request));
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus()).headers(out).body(problem);
    }

    private static Map<String, Object> fieldError(FieldError error) {
        return Map.of("field", error.getField(),
                "message", error.getDefaultMessage() == null ? "invalid" : error.getDefaultMessage());
    }

    private static String path(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            return http.getRequestURI();
        }
        return null;
    }

    private static String describe(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            return servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI();
        }
        return request.getDescription(false);
    }
}
