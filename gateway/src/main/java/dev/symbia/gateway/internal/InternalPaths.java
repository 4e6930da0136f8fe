package dev.symbia.gateway.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a raw request path reaches a service's {@code /internal} area. A service behind the
 * gateway (Tomcat, Spring MVC) decodes and normalises the path before matching it, so the check sees it
 * the same way, and more: percent-encoding is undone repeatedly, backslashes count as separators,
 * {@code ;params} are dropped from segments, case is ignored, and any segment named {@code internal}
 * anywhere in the path counts, so dot segments and doubled slashes cannot smuggle one through.
 */
final class InternalPaths {

    private static final String SEGMENT = "internal";
    // Enough to undo any layering a proxy chain might have applied; a deeper stack is refused anyway.
    private static final int MAX_DECODE_ROUNDS = 4;

    private InternalPaths() {
    }

    static boolean isInternal(String rawPath) {
        return mayName(rawPath, SEGMENT) && hidden(rawPath, InternalPaths::hasInternalSegment);
    }

    /**
     * Whether a raw path reaches a service's actuator other than its health: {@code /svc/{service}/actuator}
     * and anything under it except {@code .../actuator/health/**}, by whatever route and dot segments. Metrics and info describe the platform
     * (token usage, upstream URLs, pools) and are for operators, never for the public side of the gateway.
     */
    static boolean isServiceActuator(String rawPath) {
        return mayName(rawPath, "actuator") && hidden(rawPath, InternalPaths::reachesServiceActuator);
    }

    /**
     * False only when no segment of the path can be {@code word} (lower case) however it is read: a path
     * without {@code %} decodes to itself, and the rules lower-case it as here, so a segment equal to the
     * word means the word occurs in the lower-cased path. Spares the full check for nearly every request.
     */
    private static boolean mayName(String rawPath, String word) {
        return rawPath == null || rawPath.indexOf('%') >= 0 || rawPath.toLowerCase(Locale.ROOT).contains(word);
    }

    private static boolean hidden(String rawPath, java.util.function.Predicate<String> rule) {
        if (rawPath == null || rawPath.isEmpty()) {
            return false;
        }
        String path = rawPath;
        for (int round = 0; round < MAX_DECODE_ROUNDS; round++) {
            if (rule.test(path)) {
                return true;
            }
            String decoded = percentDecode(path);
            if (decoded.equals(path)) {
                return false;
            }
            path = decoded;
        }
        // Still encoded after several rounds: no legitimate client does that, treat it as hidden.
        return rule.test(path) || path.indexOf('%') >= 0;
    }

    /**
     * The path a service will see for this gateway path, as its container resolves it: the route's
     * rewrite applied first ({@code /svc/{service}/x} → {@code /x}, {@code /api/{service}/x} →
     * {@code /api/x}, anything else unchanged), then {@code ;params} dropped, case ignored, empty and
     * dot segments resolved — so {@code /api/identity/x/../../actuator} counts as the actuator it reaches.
     */
    private static List<String> segmentsAtService(String path) {
        List<String> raw = new ArrayList<>();
        for (String segment : path.replace('\\', '/').toLowerCase(Locale.ROOT).split("/")) {
            int params = segment.indexOf(';');
            String name = (params >= 0 ? segment.substring(0, params) : segment).strip();
            if (!name.isEmpty() && !name.equals(".")) {
                raw.add(name);
            }
        }
        List<String> rewritten = raw;
        if (raw.size() >= 2 && raw.get(0).equals("svc")) {
            rewritten = raw.subList(2, raw.size());
        } else if (raw.size() >= 2 && raw.get(0).equals("api")) {
            rewritten = new ArrayList<>(raw.subList(2, raw.size()));
            rewritten.addFirst("api");
        }
        Deque<String> resolved = new ArrayDeque<>();
        for (String name : rewritten) {
            if (name.equals("..")) {
                resolved.pollLast();
            } else {
                resolved.addLast(name);
            }
        }
        return List.copyOf(resolved);
    }

    private static boolean reachesServiceActuator(String path) {
        List<String> atService = segmentsAtService(path);
        return !atService.isEmpty() && atService.get(0).equals("actuator")
                && (atService.size() < 2 || !atService.get(1).equals("health"));
    }

    private static boolean hasInternalSegment(String path) {
        String normalised = path.replace('\\', '/').toLowerCase(Locale.ROOT);
        for (String segment : normalised.split("/")) {
            int params = segment.indexOf(';');
            String name = (params >= 0 ? segment.substring(0, params) : segment).strip();
            if (name.equals(SEGMENT)) {
                return true;
            }
        }
        return false;
    }

    /** Decodes valid {@code %XX} escapes as UTF-8 and leaves anything else as it is ({@code +} stays a plus). */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                bytes.write(Character.digit(value.charAt(i + 1), 16) << 4 | Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
