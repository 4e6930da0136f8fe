package dev.symbia.test.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The fuzz suite of a service (issue 20): {@link ApiFuzzer} over every operation of the service's OpenAPI
 * document, as an anonymous caller, a proper user and a user of another org. A service's test class extends
 * this and says who those callers are; it runs in a context (and database) of its own, so what it creates
 * and the limits it trips never reach the service's other tests. The seed is {@code symbia.fuzz.seed}
 * (fixed by default), the time budget {@code symbia.fuzz.budget}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "symbia.test.context=fuzz")
public abstract class ApiFuzzTests {

    @LocalServerPort
    protected int port;

    @Value("${spring.application.name}")
    protected String serviceName;

    @Value("${symbia.fuzz.seed:20}")
    long seed;

    @Value("${symbia.fuzz.budget:PT90S}")
    Duration budget;

    /** A proper user of the service, with what it needs (its org id as {@code orgId}, …) as path values. */
    protected abstract FuzzCaller user();

    /** A user of another org: the proper user's resources must be 404 to it. */
    protected abstract FuzzCaller userOfAnotherOrg();

    /** Secrets the service knows that must never appear in a body. */
    protected List<String> secrets() {
        return List.of();
    }

    /** Adjusts the fuzzer for the service (skipped operations, an upstream 5xx that is honest in tests). */
    protected ApiFuzzer.Builder configure(ApiFuzzer.Builder builder) {
        return builder;
    }

    @Test
    void noInputMakesAnEndpointFailOrLeak() {
        fuzz(serviceName, port, seed, budget, user(), userOfAnotherOrg(), secrets(), this::configure);
    }

    /**
     * The suite itself, for a service whose tests already extend a base class of their own: fuzzes the service
     * at {@code port} and fails with every finding. Prints the number of requests sent.
     */
    public static ApiFuzzer.Report fuzz(String serviceName, int port, long seed, Duration budget, FuzzCaller user,
            FuzzCaller userOfAnotherOrg, List<String> secrets, UnaryOperator<ApiFuzzer.Builder> configure) {
        ApiFuzzer.Builder builder = ApiFuzzer.builder(URI.create("http://127.0.0.1:" + port)).seed(seed).budget(budget)
                .caller(FuzzCaller.anonymous()).caller(user).caller(userOfAnotherOrg);
        secrets.forEach(builder::secret);
        ApiFuzzer.Report report = configure.apply(builder).build().run();
        System.out.println("[fuzz] " + serviceName + ": " + report.summary());
        assertThat(report.operations()).as("operations in the OpenAPI document").isPositive();
        assertThat(report.failures()).as(serviceName + " fuzz failures (" + report.summary() + ")").isEmpty();
        return report;
    }
}
