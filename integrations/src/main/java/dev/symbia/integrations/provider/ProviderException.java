package dev.symbia.integrations.provider;

import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.web.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * A provider call that failed before anything was sent to the caller: answered as a problem with
 * the category's status, {@code Retry-After} when known, and what was tried.
 */
public class ProviderException extends ProblemException {

    private final transient ProviderFailure failure;
    private final String provider;

    public ProviderException(String provider, ProviderFailure failure, List<Map<String, Object>> attempts) {
        super(failure.category().status(), failure.category().problemCode(), failure.category().title(),
                failure.detail(), extensions(provider, failure, attempts));
        this.failure = failure;
        this.provider = provider;
        if (failure.retryAfter() != null) {
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, failure.retryAfter().toSeconds())));
        }
    }

    public ProviderFailure failure() {
        return failure;
    }

    public String provider() {
        return provider;
    }

    private static Map<String, Object> extensions(String provider, ProviderFailure failure,
            List<Map<String, Object>> attempts) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("category", failure.category().wireName());
        if (provider != null) {
            extensions.put("provider", provider);
        }
        if (failure.upstreamStatus() > 0) {
            extensions.put("upstreamStatus", failure.upstreamStatus());
        }
        if (failure.retryAfter() != null) {
            extensions.put("retryAfterSeconds", Math.max(1, failure.retryAfter().toSeconds()));
        }
        if (attempts != null && !attempts.isEmpty()) {
            extensions.put("attempts", attempts);
        }
        return extensions;
    }
}
