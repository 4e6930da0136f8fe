package dev.symbia.relay;

import java.util.regex.Pattern;

/**
 * An event-type pattern as contracts, subscriptions and simulations use it: {@code *} (every type),
 * an exact type ({@code message.new}), or a prefix ({@code message.*}, every type that starts with
 * {@code message.}). One implementation, so the router, the simulator and the relay agree.
 */
public final class EventTypePattern {

    private static final Pattern PREFIX = Pattern.compile("(?=.{1,200}$)[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.\\*");

    private final String pattern;
    private final Kind kind;
    private final String prefix;

    private enum Kind { ANY, EXACT, PREFIX }

    private EventTypePattern(String pattern, Kind kind, String prefix) {
        this.pattern = pattern;
        this.kind = kind;
        this.prefix = prefix;
    }

    /** Parses a pattern; throws {@link IllegalArgumentException} for anything else. */
    public static EventTypePattern parse(String pattern) {
        if ("*".equals(pattern)) {
            return new EventTypePattern(pattern, Kind.ANY, null);
        }
        if (pattern != null && PREFIX.matcher(pattern).matches()) {
            return new EventTypePattern(pattern, Kind.PREFIX, pattern.substring(0, pattern.length() - 1));
        }
        if (pattern != null && EnvelopeCodec.TYPE.matcher(pattern).matches()) {
            return new EventTypePattern(pattern, Kind.EXACT, null);
        }
        throw new IllegalArgumentException("'" + (pattern == null ? "null" : pattern.length() > 60 ? pattern.substring(0, 60) : pattern)
                + "' is not an event type pattern: use *, an exact type, or prefix.*");
    }

    public static boolean isValid(String pattern) {
        try {
            parse(pattern);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean matches(String type) {
        if (type == null) {
            return false;
        }
        return switch (kind) {
            case ANY -> true;
            case EXACT -> pattern.equals(type);
            case PREFIX -> type.startsWith(prefix) && type.length() > prefix.length();
        };
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventTypePattern p && p.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }
}
