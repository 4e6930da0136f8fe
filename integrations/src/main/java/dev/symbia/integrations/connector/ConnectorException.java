package dev.symbia.integrations.connector;

import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.web.problem.ProblemException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A connector call that failed, as the platform's categories (the LLM providers' table, README): a vendor's
 * 401/403 is {@code auth} naming the credential that failed, 429 is {@code rate_limit} with the vendor's
 * {@code Retry-After}, 5xx {@code provider}, unreachable {@code unavailable}, a GraphQL {@code errors} member in an
 * HTTP 200 whatever its message says. Details carry vendor text only redacted and truncated.
 */
public class ConnectorException extends ProblemException {

    private final transient ErrorCategory category;
    private final int upstreamStatus;

    ConnectorException(Connector connector, ErrorCategory category, String detail, int upstreamStatus,
            Duration retryAfter) {
        this(connector, category.status(), category.problemCode(), category.title().replace("Provider", "Vendor"),
                category, detail, upstreamStatus, retryAfter);
    }

    private ConnectorException(Connector connector, HttpStatus status, String code, String title,
            ErrorCategory category, String detail, int upstreamStatus, Duration retryAfter) {
        super(status, code, title, detail, extensions(connector, category, upstreamStatus, retryAfter));
        this.category = category;
        this.upstreamStatus = upstreamStatus;
        if (retryAfter != null) {
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
    }

    /** No credential or URL for this connector: 422, nothing was sent. */
    static ConnectorException notConfigured(Connector connector, String detail) {
        return new ConnectorException(connector, HttpStatus.UNPROCESSABLE_ENTITY, "connector-not-configured",
                "Connector not configured", ErrorCategory.CREDENTIAL, detail, 0, null);
    }

    public ErrorCategory category() {
        return category;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }

    private static Map<String, Object> extensions(Connector connector, ErrorCategory category, int upstreamStatus,
            Duration retryAfter) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("category", category.wireName());
        extensions.put("connector", connector.vaultName());
        if (upstreamStatus > 0) {
            extensions.put("upstreamStatus", upstreamStatus);
        }
        if (retryAfter != null) {
            extensions.put("retryAfterSeconds", Math.max(1, retryAfter.toSeconds()));
        }
        return extensions;
    }
}
