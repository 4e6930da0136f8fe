package dev.symbia.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** A W3C Trace Context {@code traceparent} header value (version 00). */
public record TraceParent(String traceId, String parentId, String flags) {

    public static final String HEADER = "traceparent";

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var matcher = FORMAT.matcher(header.trim());
        if (!matcher.matches() || ZERO_TRACE.equals(matcher.group(1)) || ZERO_SPAN.equals(matcher.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(matcher.group(1), matcher.group(2), matcher.group(3)));
    }

    /** A new sampled trace with a random trace id and parent id. */
    public static TraceParent mint() {
        return new TraceParent(randomHex(16), randomHex(8), "01");
    }

    /** Same trace, new parent span: what a hop that forwards the request sends on. */
    public TraceParent child() {
        return new TraceParent(traceId, randomHex(8), flags);
    }

    public String header() {
        return "00-" + traceId + "-" + parentId + "-" + flags;
    }

    private static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        String hex;
        do {
            RANDOM.nextBytes(buffer);
            hex = HexFormat.of().formatHex(buffer);
        } while (hex.chars().allMatch(c -> c == '0'));
        return hex;
    }
}
