package dev.symbia.integrations.provider;

import java.util.Locale;

/** Normalises providers' finish reasons onto stop, length, content_filter, tool_calls. */
public final class FinishReasons {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String CONTENT_FILTER = "content_filter";
    public static final String TOOL_CALLS = "tool_calls";
    /** Our own: the caller went away before the reply was complete. */
    public static final String CANCELLED = "cancelled";

    private FinishReasons() {
    }

    public static String normalise(String raw) {
        if (raw == null) {
            return STOP;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "length", "max_tokens", "model_length" -> LENGTH;
            case "content_filter", "safety", "recitation" -> CONTENT_FILTER;
            case "tool_calls", "function_call", "tool_use" -> TOOL_CALLS;
            default -> STOP;
        };
    }
}
