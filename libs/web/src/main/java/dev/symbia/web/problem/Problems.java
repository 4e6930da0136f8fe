package dev.symbia.web.problem;

import dev.symbia.core.ProblemTypes;
import dev.symbia.core.RequestIds;
import java.net.URI;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Completes a problem with the platform's conventions: type URI, code, request id, instance. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail decorate(ProblemDetail problem, String path) {
        int status = problem.getStatus();
        String code = problem.getProperties() != null && problem.getProperties().get("code") instanceof String c
                ? c : ProblemTypes.forStatus(status);
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(ProblemTypes.uri(code));
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(status);
            problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
        }
        problem.setProperty("code", code);
        if (path != null && problem.getInstance() == null) {
            try {
                problem.setInstance(URI.create(path.replace(" ", "%20")));
            } catch (IllegalArgumentException e) {
                // A request target that is no valid URI (braces, a backslash): the problem goes without instance.
            }
        }
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }

    static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri(code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
