package dev.symbia.integrations.stream;

import dev.symbia.core.ProblemTypes;
import org.springframework.http.HttpStatus;

/**
 * Why a provider call failed, and what that means for the caller (SPEC §4 status table), for
 * retries and for the circuit breaker. The wire name is what error events and usage rows carry.
 */
public enum ErrorCategory {

    AUTH("auth", HttpStatus.UNAUTHORIZED, ProblemTypes.PROVIDER_CREDENTIALS, "Provider rejected the credentials"),
    /** Our side: the stored key cannot be sent at all (e.g. it contains a newline). Never reaches the provider. */
    CREDENTIAL("credential", HttpStatus.UNPROCESSABLE_ENTITY, ProblemTypes.PROVIDER_CREDENTIALS,
            "Stored provider credential is unusable"),
    VALIDATION("validation", HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Provider rejected the request"),
    QUOTA("quota", HttpStatus.PAYMENT_REQUIRED, ProblemTypes.QUOTA_EXCEEDED, "Quota exhausted"),
    NOT_FOUND("not_found", HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Model not found"),
    CONTENT_FILTER("content_filter", HttpStatus.UNPROCESSABLE_ENTITY, ProblemTypes.CONTENT_FILTERED,
            "Blocked by the provider's content filter"),
    RATE_LIMIT("rate_limit", HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Provider rate limit reached"),
    PROVIDER("provider", HttpStatus.BAD_GATEWAY, ProblemTypes.BAD_GATEWAY, "Provider error"),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Provider unavailable"),
    TIMEOUT("timeout", HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.TIMEOUT, "Provider timed out");

    private final String wireName;
    private final HttpStatus status;
    private final String problemCode;
    private final String title;

    ErrorCategory(String wireName, HttpStatus status, String problemCode, String title) {
        this.wireName = wireName;
        this.status = status;
        this.problemCode = problemCode;
        this.title = title;
    }

    public String wireName() {
        return wireName;
    }

    public HttpStatus status() {
        return status;
    }

    public String problemCode() {
        return problemCode;
    }

    public String title() {
        return title;
    }

    /** The provider itself is in trouble (not the caller's key, input or quota): counts against its breaker. */
    public boolean tripsBreaker() {
        return this == PROVIDER || this == UNAVAILABLE || this == TIMEOUT;
    }

    /** Worth one more try at the same provider, before anything reached the caller. */
    public boolean retryableOnSameProvider() {
        return tripsBreaker();
    }

    /** Worth trying another provider, before anything reached the caller. */
    public boolean worthFailover() {
        return tripsBreaker() || this == RATE_LIMIT || this == QUOTA;
    }
}
