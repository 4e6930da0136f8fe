package dev.symbia.assistants.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference's condition evaluator (§3.4), operator by operator with its exact type rules. Values are plain
 * Java trees (Map, List, String, Number, Boolean, null) resolved against the run's root; a path that does not
 * resolve is {@link #MISSING} (JavaScript's undefined), which is distinct from a JSON null.
 */
public final class Conditions {

    private static final Logger log = LoggerFactory.getLogger(Conditions.class);
    private static final int MAX_PATTERNS = 1024;
    private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** An unresolved path (JavaScript's undefined). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    /** The 19 operators the reference knows; anything else evaluates to false. */
    public static final List<String> OPERATORS = List.of("eq", "neq", "gt", "gte", "lt", "lte", "contains",
            "not_contains", "starts_with", "ends_with", "matches", "not_matches", "in", "not_in", "exists",
            "not_exists", "length_gte", "length_lte", "length_eq");

    private Conditions() {
    }

    /** A group {@code {logic: and|or, conditions: [...]}}; an empty (or absent) group is true. */
    @SuppressWarnings("unchecked")
    public static boolean group(Object group, Map<String, Object> root) {
        if (!(group instanceof Map<?, ?> g)) {
            return true;
        }
        Object items = g.get("conditions");
        if (!(items instanceof List<?> list) || list.isEmpty()) {
            return true;
        }
        boolean any = "or".equals(g.get("logic"));
        for (Object item : list) {
            boolean result;
            if (item instanceof Map<?, ?> m && m.containsKey("conditions")) {
                result = group(m, root);
            } else if (item instanceof Map<?, ?> m) {
                result = condition((Map<String, Object>) m, root);
            } else {
                result = false;
            }
            if (any && result) {
                return true;
            }
            if (!any && !result) {
                return false;
            }
        }
        return !any;
    }

    /** One {@code {field, operator, value}}, with the reference's {@code @} special case on message.content. */
    static boolean condition(Map<String, Object> condition, Map<String, Object> root) {
        String field = String.valueOf(condition.get("field"));
        String operator = String.valueOf(condition.get("operator"));
        Object value = condition.containsKey("value") ? condition.get("value") : MISSING;
        boolean result = apply(operator, Paths.get(root, field), value);
        // A mention-prefixed message ("@calc 2+2") is also tested on its original text.
        if (!result && "message.content".equals(field) && value instanceof String s && s.contains("@")) {
            Object original = Paths.get(root, "message.metadata.originalContent");
            if (original != MISSING) {
                return apply(operator, original, value);
            }
        }
        return result;
    }

    /** The operator table of §3.4. */
    public static boolean apply(String operator, Object field, Object value) {
        return switch (operator) {
            case "eq" -> strictEquals(field, value);
            case "neq" -> !strictEquals(field, value);
            case "gt" -> numbers(field, value) && num(field) > num(value);
            case "gte" -> numbers(field, value) && num(field) >= num(value);
            case "lt" -> numbers(field, value) && num(field) < num(value);
            case "lte" -> numbers(field, value) && num(field) <= num(value);
            case "contains" -> contains(field, value);
            case "not_contains" -> !(field instanceof String || field instanceof List) || !contains(field, value);
            case "starts_with" -> field instanceof String f && value instanceof String v && lower(f).startsWith(lower(v));
            case "ends_with" -> field instanceof String f && value instanceof String v && lower(f).endsWith(lower(v));
            case "matches" -> matches(field, value, false);
            case "not_matches" -> matches(field, value, true);
            case "in" -> value instanceof List<?> list && includes(list, field);
            case "not_in" -> !(value instanceof List<?> list) || !includes(list, field);
            case "exists" -> field != MISSING && field != null;
            case "not_exists" -> field == MISSING || field == null;
            case "length_gte" -> length(field) >= 0 && value instanceof Number n && length(field) >= n.doubleValue();
            case "length_lte" -> length(field) >= 0 && value instanceof Number n && length(field) <= n.doubleValue();
            case "length_eq" -> length(field) >= 0 && value instanceof Number n && length(field) == n.doubleValue();
            default -> false;
        };
    }

    /** JavaScript's {@code ===} on JSON values: numbers by value, strings and booleans by value, null === null,
     *  objects and arrays never (two parsed objects are never the same reference). */
    static boolean strictEquals(Object a, Object b) {
        if (a == MISSING || b == MISSING) {
            return a == b;
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map || a instanceof List || b instanceof Map || b instanceof List) {
            return false;
        }
        return a.getClass() == b.getClass() && Objects.equals(a, b);
    }

    private static boolean contains(Object field, Object value) {
        if (field instanceof String f) {
            return value instanceof String v ? lower(f).contains(lower(v)) : lower(f).contains(lower(jsString(value)));
        }
        if (field instanceof List<?> list) {
            return includes(list, value);
        }
        return false;
    }

    private static boolean matches(Object field, Object value, boolean negate) {
        if (!(field instanceof String f) || !(value instanceof String v)) {
            return negate;
        }
        try {
            boolean found = compiled(v).matcher(f).find();
            return negate != found;
        } catch (PatternSyntaxException e) {
            log.warn("Invalid regex in a rule condition: {}", e.getDescription());
            return negate;
        }
    }

    /** Rules are evaluated for every message: their patterns are compiled once (a bounded cache, cleared when full). */
    private static Pattern compiled(String regex) {
        Pattern pattern = PATTERNS.get(regex);
        if (pattern == null) {
            pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (PATTERNS.size() >= MAX_PATTERNS) {
                PATTERNS.clear();
            }
            PATTERNS.put(regex, pattern);
        }
        return pattern;
    }

    private static boolean includes(List<?> list, Object item) {
        return list.stream().anyMatch(x -> strictEquals(x, item));
    }

    private static boolean numbers(Object a, Object b) {
        return a instanceof Number && b instanceof Number;
    }

    private static double num(Object n) {
        return ((Number) n).doubleValue();
    }

    /** String length in UTF-16 units (as JavaScript), list size, else -1. */
    private static int length(Object field) {
        if (field instanceof String s) {
            return s.length();
        }
        if (field instanceof List<?> l) {
            return l.size();
        }
        return -1;
    }

    private static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String jsString(Object v) {
        return v == MISSING ? "undefined" : String.valueOf(v);
    }
}
