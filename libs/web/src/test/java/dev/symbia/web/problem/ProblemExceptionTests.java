package dev.symbia.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ProblemExceptionTests {

    @Test
    void aProblemCarriesItsAnswerButNoStackTrace() {
        ProblemException problem = ProblemException.notFound("Credential");

        assertThat(problem.getStackTrace()).isEmpty();
        assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(problem.getBody().getDetail()).isEqualTo("Credential not found");
    }

    @Test
    void subclassesCannotBringTheStackTraceBack() {
        ProblemException problem = new ProblemException(HttpStatus.BAD_GATEWAY, "provider", "Provider failed", "x") {
        };

        assertThat(problem.getStackTrace()).isEmpty();
    }
}
