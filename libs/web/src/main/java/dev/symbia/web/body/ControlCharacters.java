package dev.symbia.web.body;

import dev.symbia.web.problem.ProblemException;
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

    /** The path of the first field name or string value with a disallowed character, or null. */
    public static String find(JsonNode node) {
        return find(node, "");
    }

    private static String find(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return contains(node.stringValue()) ? (path.isEmpty() ? "(body)" : path) : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = path.isEmpty() ? safeName(field.getKey()) : path + "." + safeName(field.getKey());
                if (contains(field.getKey())) {
                    return name;
                }
                String found = find(field.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
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
