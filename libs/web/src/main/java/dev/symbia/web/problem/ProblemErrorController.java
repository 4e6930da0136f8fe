package dev.symbia.web.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that happen outside Spring MVC's handlers (servlet filters, the container itself) end up
 * on the error path. Boot's default answers those with its own JSON; this answers with a problem —
 * a 400 for a query Tomcat could not parse, a 503 with Retry-After when the database is unreachable.
 */
@RestController
@Hidden
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Requested directly rather than forwarded to by the container: there is no such endpoint.
        int status = code instanceof Integer i ? i : 404;
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        HttpHeaders headers = new HttpHeaders();
        ProblemDetail problem;
        DatabaseUnavailable.Kind unavailable = exception instanceof Throwable t ? DatabaseUnavailable.classify(t) : null;
        if (unavailable != null) {
            problem = ProblemDetailsAdvice.unavailable(unavailable);
            headers.addAll(ProblemDetailsAdvice.retryAfter(unavailable));
        } else {
            problem = ProblemWriter.forStatus(exception instanceof InvalidParameterException ? 400 : status);
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Problems.decorate(problem, uri instanceof String s ? s : null);
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
