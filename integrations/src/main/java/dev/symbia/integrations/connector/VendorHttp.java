package dev.symbia.integrations.connector;

import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.stream.ErrorCategory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way connectors call a vendor: over the service's OkHttp client (no redirects followed, so a token never
 * travels to another host), bounded by {@code integrations.connectors.timeout}, failures classified.
 */
@Component
class VendorHttp {

    private static final int MAX_DETAIL = 300;
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final OkHttpClient http;
    private final JsonMapper json;

    VendorHttp(OkHttpClient http, JsonMapper json, ConnectorProperties properties) {
        // No transparent retry: OkHttp would resend a POST whose answer was cut off, and a resent Railway deploy or
        // JFrog upload changes the world twice. A failed call is reported; callers decide.
        this.http = http.newBuilder().callTimeout(properties.timeout()).retryOnConnectionFailure(false).build();
        this.json = json;
    }

    /** A 2xx answer: status, body text and the vendor's request id when it sent one. */
    record Answer(int status, String body, String vendorRequestId) {
    }

    Answer call(Connector connector, Credential credential, Request request) {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            String vendorId = firstHeader(response, "X-Request-Id", "X-Railway-Request-Id", "sb-request-id",
                    "X-JFrog-Request-Id");
            if (response.isSuccessful()) {
                return new Answer(response.code(), body, vendorId);
            }
            throw failure(connector, credential, response.code(), body, response.header("Retry-After"));
        } catch (InterruptedIOException e) {
            throw new ConnectorException(connector, ErrorCategory.TIMEOUT,
                    vendorName(connector) + " did not answer in time.", 0, null);
        } catch (IOException e) {
            throw new ConnectorException(connector, ErrorCategory.UNAVAILABLE,
                    vendorName(connector) + " could not be reached (" + e.getClass().getSimpleName() + ").", 0, null);
        }
    }

    JsonNode parse(Connector connector, String body) {
        try {
            return json.readTree(body.isEmpty() ? "null" : body);
        } catch (RuntimeException e) {
            throw new ConnectorException(connector, ErrorCategory.PROVIDER,
                    vendorName(connector) + "'s answer is not JSON.", 0, null);
        }
    }

    JsonMapper json() {
        return json;
    }

    ConnectorException failure(Connector connector, Credential credential, int status, String body, String retryAfter) {
        ErrorCategory category = switch (status) {
            case 401, 403 -> ErrorCategory.AUTH;
            case 402 -> ErrorCategory.QUOTA;
            case 404, 410 -> ErrorCategory.NOT_FOUND;
            case 408, 504 -> ErrorCategory.TIMEOUT;
            case 429 -> ErrorCategory.RATE_LIMIT;
            case 503 -> ErrorCategory.UNAVAILABLE;
            default -> status >= 500 ? ErrorCategory.PROVIDER : ErrorCategory.VALIDATION;
        };
        String said = vendorMessage(body, credential);
        String detail = category == ErrorCategory.AUTH
                ? vendorName(connector) + " refused the " + connector.vaultName() + " credential ("
                        + credential.origin().wireName() + " key) with " + status + (said.isEmpty() ? "" : ": " + said)
                        + ". Store a valid one in the vault (provider '" + connector.vaultName() + "')."
                : vendorName(connector) + " answered " + status + (said.isEmpty() ? "." : ": " + said);
        return new ConnectorException(connector, category, detail, status,
                status == 429 || status == 503 ? retryAfter(retryAfter) : null);
    }

    /** The vendor's own message (JFrog {@code errors[].message}, Supabase/GraphQL {@code message}), redacted. */
    String vendorMessage(String body, Credential credential) {
        String message = "";
        try {
            JsonNode node = json.readTree(body);
            if (node.path("errors").isArray() && !node.path("errors").isEmpty()) {
                message = node.path("errors").get(0).path("message").asString("");
            } else if (node.path("message").isString()) {
                message = node.path("message").asString();
            } else if (node.path("info").isString()) {
                message = node.path("info").asString();
            } else if (node.path("error").isString()) {
                message = node.path("error").asString();
            }
        } catch (RuntimeException e) {
            message = body == null ? "" : body;
        }
        return safe(message, credential);
    }

    static String safe(String text, Credential credential) {
        String result = text == null ? "" : text.replaceAll("[\\p{Cntrl}]", " ").strip();
        if (credential != null && credential.apiKey() != null && !credential.apiKey().isEmpty()) {
            result = result.replace(credential.apiKey(), "[REDACTED]");
        }
        result = result.replaceAll("(?i)bearer\\s+[A-Za-z0-9._~+/=-]+", "Bearer [REDACTED]");
        return result.length() > MAX_DETAIL ? result.substring(0, MAX_DETAIL) + "…" : result;
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            Duration wait;
            if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } else {
                wait = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            }
            wait = wait.isNegative() ? Duration.ZERO : wait;
            return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String vendorName(Connector connector) {
        return switch (connector) {
            case JFROG -> "JFrog";
            case RAILWAY -> "Railway";
            case SUPABASE -> "Supabase";
        };
    }

    private static String firstHeader(Response response, String... names) {
        for (String name : names) {
            String value = response.header(name);
            if (value != null && !value.isBlank()) {
                return value.length() > 128 ? value.substring(0, 128) : value;
            }
        }
        return null;
    }
}
