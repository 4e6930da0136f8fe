package dev.symbia.assistants.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference's "Symbia Script" templates (§3.6): {@code {{path}}}, {@code {{@ns.path}}} and
 * {@code {{#each path}}…{{/each}}} (with {@code {{this}}}, bare item fields and {@code {{@index}}}).
 *
 * <p>One rule the reference breaks: <b>user-supplied text is data, never a template</b>. Only the rule author's
 * text is parsed; a substituted value is appended as it is and never scanned again, so a message containing
 * {@code {{token}}} reaches the model and the reply verbatim. The scope holds no secret at all (no token, and
 * the {@code @env} namespace always resolves to nothing), so even an author's template cannot leak one.
 */
public final class Templates {

    private static final Pattern EACH = Pattern.compile("\\{\\{#each\\s+([^{}]+?)\\s*\\}\\}(.*?)\\{\\{/each\\}\\}",
            Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*([^{}#/][^{}]*?)\\s*\\}\\}");
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** Namespaces whose values may never be reached from a template. */
    private static final List<String> CLOSED_NAMESPACES = List.of("env", "secret", "secrets", "token");

    private Templates() {
    }

    /** Renders an authored template against a scope. Null stays null. */
    public static String render(String template, Map<String, Object> scope) {
        if (template == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        Matcher each = EACH.matcher(template);
        int last = 0;
        while (each.find()) {
            out.append(tokens(template.substring(last, each.start()), scope));
            Object items = resolve(each.group(1), scope);
            if (items instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    Map<String, Object> itemScope = new LinkedHashMap<>(scope);
                    if (list.get(i) instanceof Map<?, ?> fields) {
                        fields.forEach((k, v) -> itemScope.put(String.valueOf(k), v));
                    }
                    itemScope.put("this", list.get(i));
                    itemScope.put("@index", i);
                    out.append(tokens(each.group(2), itemScope));
                }
            }
            last = each.end();
        }
        out.append(tokens(template.substring(last), scope));
        return out.toString();
    }

    private static String tokens(String text, Map<String, Object> scope) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            out.append(display(resolve(m.group(1), scope)));
            last = m.end();
        }
        return out.append(text.substring(last)).toString();
    }

    /** {@code @ns.path} through the namespace, {@code @index} inside each, else a dotted lookup on the scope. */
    static Object resolve(String expression, Map<String, Object> scope) {
        String path = expression.trim();
        if (path.equals("@index")) {
            return scope.getOrDefault("@index", Conditions.MISSING);
        }
        if (path.startsWith("@")) {
            path = path.substring(1);
            String ns = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            if (CLOSED_NAMESPACES.contains(ns)) {
                return Conditions.MISSING;
            }
        }
        String first = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        if (CLOSED_NAMESPACES.contains(first)) {
            return Conditions.MISSING;
        }
        return Paths.get(scope, path);
    }

    /** Unresolved → empty; strings as they are; objects and arrays as pretty JSON; numbers as JavaScript prints them. */
    static String display(Object value) {
        if (value == Conditions.MISSING || value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map || value instanceof List) {
            return PRETTY.writeValueAsString(value);
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }
}
