package dev.symbia.bench;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the load-generator mains: {@code --name value} pairs and bare
 * {@code --flag}s. Every value is checked against its bounds; an unknown option is an error, so a
 * typo never silently runs the default.
 */
public final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> read = new HashSet<>();

    private Args() {
    }

    /** Parses {@code args}; {@code flagNames} are the options that take no value. */
    public static Args parse(String[] args, String... flagNames) {
        Set<String> known = Set.of(flagNames);
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (see --help)");
            }
            String name = arg.substring(2);
            if (name.equals("help") || known.contains(name)) {
                parsed.flags.add(name);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                parsed.values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value (see --help)");
            }
        }
        return parsed;
    }

    public boolean help() {
        return flags.contains("help");
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String string(String name, String fallback) {
        read.add(name);
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        String value = string(name, null);
        return value == null ? fallback : bounded(name, value, min, max);
    }

    /** A comma-separated list of integers ({@code 1,4}); empty text is an empty list. */
    public int[] integers(String name, int[] fallback, int min, int max) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        if (value.isBlank()) {
            return new int[0];
        }
        return Arrays.stream(value.split(",")).mapToInt(v -> bounded(name, v.trim(), min, max)).toArray();
    }

    /** Fails on options no one asked for; call after reading every option. */
    public void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
        }
    }

    private static int bounded(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + value + "' is not a number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + ": " + value + " is outside " + min + ".." + max);
        }
        return n;
    }
}
