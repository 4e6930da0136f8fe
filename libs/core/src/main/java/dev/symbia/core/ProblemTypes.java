package dev.symbia.core;

import java.net.URI;

/**
 * Stable RFC 9457 {@code type} URIs shared by the gateway and the services, so a client can switch
 * on them. The {@code code} extension of every problem carries the same slug.
 */
public final class ProblemTypes {

    public static final String BASE = "https://symbia.dev/problems/";

    public static final String VALIDATION = "validation";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String CONFLICT = "conflict";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String RATE_LIMITED = "rate-limited";
    public static final String INTERNAL = "internal";
    public static final String BAD_GATEWAY = "bad-gateway";
    public static final String UNAVAILABLE = "unavailable";
    public static final String TIMEOUT = "timeout";
    /** A usage quota or budget is exhausted (ours, or the upstream provider's credits): 402. */
    public static final String QUOTA_EXCEEDED = "quota-exceeded";
    /** An upstream content or safety filter refused the request or the reply: 422. */
    public static final String CONTENT_FILTERED = "content-filtered";
    /**
     * An upstream provider rejected the credentials we called it with (401). Distinct from
     * {@link #UNAUTHENTICATED} so a client does not mistake it for its own session having expired.
     */
    public static final String PROVIDER_CREDENTIALS = "provider-credentials";

    private ProblemTypes() {
    }

    public static URI uri(String code) {
        return URI.create(BASE + code);
    }

    /** The slug for an HTTP status when nothing more specific is known. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 402 -> QUOTA_EXCEEDED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> VALIDATION;
            case 429 -> RATE_LIMITED;
            case 502 -> BAD_GATEWAY;
            case 503 -> UNAVAILABLE;
            case 504 -> TIMEOUT;
            default -> status >= 500 ? INTERNAL : MALFORMED_REQUEST;
        };
    }
}
