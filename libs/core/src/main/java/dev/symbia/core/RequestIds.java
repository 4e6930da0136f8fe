package dev.symbia.core;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code X-Request-Id} handling shared by the gateway and every service: a caller's id is kept
 * when it is safe to log and echo, anything else is replaced by a fresh one.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    // Letters, digits and a few separators; bounded so a header cannot flood logs.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static boolean isAcceptable(String candidate) {
        return candidate != null && SAFE.matcher(candidate).matches();
    }

    public static String mint() {
        return UUID.randomUUID().toString();
    }

    /** The caller's id when acceptable, else a new one. */
    public static String acceptOrMint(String candidate) {
        return isAcceptable(candidate) ? candidate : mint();
    }
}
