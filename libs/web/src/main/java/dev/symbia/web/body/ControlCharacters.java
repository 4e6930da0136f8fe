package dev.symbia.web.body;

import dev.symbia.web.problem.ProblemException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The one rule for text a caller may send: no C0 control characters other than tab, line feed, carriage
 * return and escape, and no DEL. A NUL reaches PostgreSQL as an invalid byte sequence (a 500), and the
 * others have no business in names, ids or messages. Escape stays allowed: terminal colours are ordinary
 * in ingested log lines and in code a model or a user quotes. Applied to every JSON body (field names and
 * string values, {@link ControlCharacterBodyAdvice}, {@link RequestBodies}) and to the decoded path and
 * query ({@code RequestTargetFilter}); the refusal names the field, never the value.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    public static boolean disallowed(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1b) || c == 0x7f;
    }

    public static boolean contains(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (disallowed(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a JSON text's raw bytes could hold a disallowed character in a name or string: as an escape (any
     * backslash) or as a raw byte. Every other body is clean without being parsed. UTF-8 never encodes a
     * character above U+007F with bytes below 0x80, so the scan is exact for what it rules out.
     */
    public static boolean mayContain(byte[] json) {
        for (byte b : json) {
            if (b == '\\' || b == 0x7f || (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r')) {
                return true;
            }
        }
        return false;
    }

    /** The path of the first field name or string value with a disallowed character, or null. */
    public static String find(JsonNode node) {
        // The path is built only for the node at fault: building it for every field cost a regex per name.
        Deque<Object> path = new ArrayDeque<>();
        return find(node, path) ? describe(path) : null;
    }

    private static boolean find(JsonNode node, Deque<Object> path) {
        if (node == null) {
            return false;
        }
        if (node.isString()) {
            return contains(node.stringValue());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.addLast(i);
                if (find(node.get(i), path)) {
                    return true;
                }
                path.removeLast();
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                path.addLast(field.getKey());
                if (contains(field.getKey()) || find(field.getValue(), path)) {
                    return true;
                }
                path.removeLast();
            }
        }
        return false;
    }

    // e.g. params.messages[0].role, "(body)" for a top-level string.
    private static String describe(Deque<Object> path) {
        StringBuilder described = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                described.append('[').append(index).append(']');
            } else {
                if (!described.isEmpty()) {
                    described.append('.');
                }
                described.append(safeName((String) step));
            }
        }
        return described.isEmpty() ? "(body)" : described.toString();
    }

    /** The 400 naming the field (or parameter) at fault. */
    public static ProblemException refused(String field) {
        return RequestBodies.invalidField(field, "must not contain control characters");
    }

    // Names are caller-supplied too: shown with anything unusual masked and bounded, like RequestBodies' paths.
    private static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return safe.length() > 64 ? safe.substring(0, 64) + "…" : safe;
    }
}
