package dev.symbia.logging.analysis;

import java.util.regex.Pattern;

/**
 * Reduces a log message to its pattern, so that lines differing only in ids, times, addresses and
 * numbers group together. Replacements run from the most specific to the most general.
 */
final class LogPatterns {

    static final int MAX_LENGTH = 100;

    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?[0-9a-fA-F]{8,}\\b");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private LogPatterns() {
    }

    static String normalize(String message) {
        if (message == null) {
            return "";
        }
        String text = TIMESTAMP.matcher(message).replaceAll("[TIMESTAMP]");
        text = UUID.matcher(text).replaceAll("[ID]");
        text = HEX.matcher(text).replaceAll("[ID]");
        text = IPV4.matcher(text).replaceAll("[IP]");
        text = NUMBER.matcher(text).replaceAll("[N]");
        text = SPACE.matcher(text).replaceAll(" ").trim();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
    }
}
