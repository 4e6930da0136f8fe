package dev.symbia.logging.ingest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database that cannot be reached (or is too slow) is a temporary condition: 503 with
 * {@code Retry-After}, which OTLP exporters and the platform's clients retry, rather than a 500.
 */
@RestControllerAdvice(basePackages = "dev.symbia.logging")
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class DatabaseUnavailableAdvice {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableAdvice.class);

    private final IngestProperties properties;

    DatabaseUnavailableAdvice(IngestProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, QueryTimeoutException.class})
    void unavailable(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfterSeconds()));
        Rejections.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                "The telemetry store is unavailable; retry after the time in Retry-After.");
    }

}
