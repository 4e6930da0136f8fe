package dev.symbia.integrations.provider.openai;

import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.ProviderFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.net.ssl.SSLException;
import okhttp3.MediaType;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Classifies what went wrong with a provider call: HTTP error answers (OpenAI's {@code
 * {"error":{…}}} envelope, HuggingFace router's {@code {"error":"…"}}, anything else), in-stream
 * {@code {"error":…}} frames and transport exceptions, into an {@link ErrorCategory} with a safe detail.
 */
final class UpstreamErrors {

    private static final long MAX_ERROR_BODY = 16 * 1024;
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    private final JsonMapper json;

    UpstreamErrors(JsonMapper json) {
        this.json = json;
    }

    /** A non-2xx answer before any stream. */
    ProviderFailure fromResponse(Response response, String secret) {
        int status = response.code();
        Described described = describeBody(response);
        ErrorCategory category = categorise(status, described.hints());
        String detail = category == ErrorCategory.AUTH
                // Providers echo (masked) keys in auth errors; say nothing of theirs.
                ? "The provider rejected the API key (HTTP " + status + ")."
                : firstNonNull(SafeText.clean(described.message(), secret), "The provider answered HTTP " + status + ".");
        return new ProviderFailure(category, detail, status, retryAfter(response.header("Retry-After")));
    }

    /** A {@code data: {"error": …}} frame inside a stream. */
    ProviderFailure fromStreamError(JsonNode frame, String secret) {
        JsonNode error = frame.path("error");
        String message = message(error, frame);
        String hints = hints(error, frame, message);
        int status = statusOf(error);
        ErrorCategory category = categorise(status, hints);
        if (status == 0 && category == ErrorCategory.VALIDATION) {
            category = ErrorCategory.PROVIDER; // an unexplained mid-stream error is the provider's
        }
        String detail = category == ErrorCategory.AUTH
                ? "The provider rejected the API key."
                : firstNonNull(SafeText.clean(message, secret), "The provider reported an error mid-stream.");
        return new ProviderFailure(category, detail, status, null);
    }

    /** A transport failure. {@code streaming} says whether the provider had already answered. */
    static ProviderFailure fromException(Throwable failure, boolean streaming) {
        if (failure instanceof UnknownHostException || failure instanceof ConnectException
                || failure instanceof NoRouteToHostException) {
            return ProviderFailure.of(ErrorCategory.UNAVAILABLE, "Could not connect to the provider.");
        }
        if (failure instanceof SocketTimeoutException || failure instanceof InterruptedIOException) {
            return ProviderFailure.of(ErrorCategory.TIMEOUT, streaming
                    ? "Timed out reading from the provider." : "Timed out connecting to the provider.");
        }
        if (failure instanceof SSLException) {
            return ProviderFailure.of(ErrorCategory.PROVIDER, "The TLS handshake with the provider failed.");
        }
        if (failure instanceof IOException) {
            return ProviderFailure.of(ErrorCategory.PROVIDER, streaming
                    ? "The provider's stream was interrupted." : "The connection to the provider failed.");
        }
        return ProviderFailure.of(ErrorCategory.PROVIDER, "Unexpected failure talking to the provider.");
    }

    static ErrorCategory categorise(int status, String hints) {
        // Hints refine ambiguous statuses only: OpenAI answers an empty balance with 429
        // insufficient_quota, moderation refusals come as 400; a 401 stays an auth failure.
        boolean ambiguous = status == 0 || status == 400 || status == 403 || status == 422 || status == 429;
        if (ambiguous && (hints.contains("quota") || hints.contains("billing") || hints.contains("credits")
                || hints.contains("payment"))) {
            return ErrorCategory.QUOTA;
        }
        if (ambiguous && (hints.contains("content_filter") || hints.contains("content filter")
                || hints.contains("content_policy") || hints.contains("safety") || hints.contains("moderation"))) {
            return ErrorCategory.CONTENT_FILTER;
        }
        if (status == 0) {
            if (hints.contains("rate limit") || hints.contains("rate_limit")) {
                return ErrorCategory.RATE_LIMIT;
            }
            if (hints.contains("overloaded") || hints.contains("unavailable")) {
                return ErrorCategory.UNAVAILABLE;
            }
            return ErrorCategory.PROVIDER;
        }
        return switch (status) {
            case 401, 403 -> ErrorCategory.AUTH;
            case 402 -> ErrorCategory.QUOTA;
            case 404, 410 -> ErrorCategory.NOT_FOUND;
            case 408, 504 -> ErrorCategory.TIMEOUT;
            case 429 -> ErrorCategory.RATE_LIMIT;
            case 503, 529 -> ErrorCategory.UNAVAILABLE;
            default -> status >= 500 ? ErrorCategory.PROVIDER : ErrorCategory.VALIDATION;
        };
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; anything else is ignored. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
                return cap(Duration.ofSeconds(Long.parseLong(value)));
            }
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(Instant.now(), at);
            return cap(wait.isNegative() ? Duration.ZERO : wait);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Duration cap(Duration wait) {
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private record Described(String message, String hints) {
    }

    private Described describeBody(Response response) {
        String text;
        try {
            text = response.peekBody(MAX_ERROR_BODY).string();
        } catch (IOException | RuntimeException e) {
            return new Described(null, "");
        }
        MediaType type = response.body().contentType();
        boolean jsonish = (type != null && type.subtype().contains("json")) || text.trim().startsWith("{");
        if (jsonish) {
            try {
                JsonNode node = json.readTree(text);
                JsonNode error = node.path("error");
                String message = message(error, node);
                return new Described(message, hints(error, node, message));
            } catch (RuntimeException e) {
                // not JSON after all: fall through
            }
        }
        // Plain text may be a useful one-liner; HTML error pages are noise.
        boolean html = text.trim().startsWith("<");
        String message = html || text.isBlank() ? null : text;
        return new Described(message, message == null ? "" : message.toLowerCase(Locale.ROOT));
    }

    private static String message(JsonNode error, JsonNode root) {
        if (error.isString()) {
            return error.asString();
        }
        for (JsonNode candidate : new JsonNode[] {error.path("message"), root.path("message"), root.path("detail")}) {
            if (candidate.isString() && !candidate.asString().isBlank()) {
                return candidate.asString();
            }
        }
        return null;
    }

    private static String hints(JsonNode error, JsonNode root, String message) {
        StringBuilder hints = new StringBuilder();
        for (JsonNode node : new JsonNode[] {error.path("type"), error.path("code"), root.path("error_type"),
                root.path("type"), root.path("code")}) {
            if (node.isValueNode()) {
                hints.append(node.asString()).append(' ');
            }
        }
        if (message != null) {
            hints.append(message);
        }
        return hints.toString().toLowerCase(Locale.ROOT);
    }

    private static int statusOf(JsonNode error) {
        for (JsonNode candidate : new JsonNode[] {error.path("status"), error.path("code"), error.path("status_code")}) {
            if (candidate.isInt() && candidate.asInt() >= 400 && candidate.asInt() <= 599) {
                return candidate.asInt();
            }
        }
        return 0;
    }

    private static String firstNonNull(String first, String fallback) {
        return first != null ? first : fallback;
    }
}
