package dev.symbia.logging.ingest;

import java.util.Locale;
import java.util.regex.Pattern;

/** Trace and span ids as stored: lower case; W3C hex from OTLP, any short safe token from JSON clients. */
public final class Ids {

    /** What a JSON client may send as a trace or span id (the reference SDK mints {@code trace_<ms>_<b36>}). */
    public static final String PATTERN = "[A-Za-z0-9_.:-]{1,64}";
    private static final Pattern SAFE = Pattern.compile(PATTERN);

    private Ids() {
    }

    public static boolean acceptable(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    public static String normalize(String id) {
        return id == null || id.isBlank() ? null : id.trim().toLowerCase(Locale.ROOT);
    }
}
