package dev.symbia.web.problem;

import dev.symbia.core.ProblemTypes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that happen outside Spring MVC's handlers (servlet filters, the container itself) end up
 * on the error path. Boot's default answers those with its own JSON; this answers with a problem.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        HttpStatus resolved = HttpStatus.resolve(status);
        if (resolved == null || status < 400) {
            resolved = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String detail = resolved.is5xxServerError()
                ? "An unexpected error occurred. Quote the requestId when reporting it."
                : resolved.getReasonPhrase();
        ProblemDetail problem = Problems.of(resolved, ProblemTypes.forStatus(resolved.value()),
                resolved.getReasonPhrase(), detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Problems.decorate(problem, uri instanceof String s ? s : null);
        return ResponseEntity.status(resolved).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
