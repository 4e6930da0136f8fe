package dev.symbia.web;

import dev.symbia.core.RequestIds;
import dev.symbia.web.problem.ProblemException;
import jakarta.servlet.Filter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service that uses symbia-web the way every platform service does. */
@SpringBootApplication
class WebTestApplication {

    record Signup(@NotBlank String name, @Email @NotBlank String email, @Min(18) int age) {
    }

    @RestController
    static class TestController {

        @PostMapping("/api/signups")
        Map<String, Object> signup(@Valid @RequestBody Signup signup) {
            return Map.of("name", signup.name());
        }

        @GetMapping("/api/things/{id}")
        Map<String, Object> thing(@PathVariable int id) {
            throw ProblemException.notFound("Thing " + id);
        }

        @GetMapping("/api/boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("db password=hunter2 leaked in message");
        }

        @GetMapping("/api/pool-exhausted")
        Map<String, Object> poolExhausted() {
            // What Spring raises when Hikari times out waiting for a connection.
            throw new IllegalStateException("Could not open JDBC Connection for transaction",
                    new java.sql.SQLTransientConnectionException("pool - Connection is not available, request timed out"));
        }

        @GetMapping("/api/database-down")
        Map<String, Object> databaseDown() {
            // What Spring raises when PostgreSQL refuses connections (Hikari gives up, the driver's 08001 below it).
            throw new IllegalStateException("Failed to obtain JDBC Connection",
                    new java.sql.SQLTransientConnectionException("pool - Connection is not available",
                            new java.sql.SQLException("Connection to localhost:5432 refused", "08001",
                                    new java.net.ConnectException("Connection refused"))));
        }

        @GetMapping("/api/search")
        Map<String, Object> search(@RequestParam(required = false) String q) {
            return Map.of("q", q == null ? "" : q);
        }

        @GetMapping("/api/peer")
        Map<String, Object> peer(jakarta.servlet.http.HttpServletRequest request) {
            return Map.of("remoteAddr", request.getRemoteAddr());
        }

        @PostMapping("/api/notes")
        Map<String, Object> note(@RequestBody Map<String, Object> note) {
            return Map.of("keys", note.size());
        }

        @PostMapping("/api/raw-notes")
        @dev.symbia.web.body.AllowsControlCharacters
        Map<String, Object> rawNote(@RequestBody Map<String, Object> note) {
            return Map.of("keys", note.size());
        }

        @GetMapping("/api/request-id")
        Map<String, Object> requestId() {
            return Map.of("mdc", MDC.get(RequestIds.MDC_KEY));
        }
    }

    /** Fails outside Spring MVC, so the error takes the servlet container's error path. */
    @Bean
    FilterRegistrationBean<Filter> failingFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            throw new IllegalStateException("filter secret=abc123");
        });
        registration.addUrlPatterns("/filter-fails");
        return registration;
    }
}
