package dev.symbia.catalog.manifest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * The requires grammar of the reference (§1.4): {@code *} or empty, {@code =}/bare exact, {@code >=}, {@code >},
 * {@code <=}, {@code <}, {@code ^}, {@code ~}; versions read as their {@code x.y.z} prefix. Matching is semver4j's
 * (npm semantics, which are the reference's for {@code ^} with a 0 major/minor and for {@code ~}); the grammar check
 * here only refuses what the reference refuses, so an unparseable range fails instead of silently passing.
 */
public final class Ranges {

    private static final Pattern RANGE = Pattern.compile("^\\s*(=|>=|>|<=|<|\\^|~)?\\s*v?(\\d+(?:\\.\\d+){0,2})\\s*$");
    private static final Pattern VERSION_PREFIX = Pattern.compile("^\\s*v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    private Ranges() {
    }

    /** The x.y.z prefix of a version ("1.2" → 1.2.0, "2.0.1-beta" → 2.0.1); empty when it has none. */
    public static Optional<Semver> version(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = VERSION_PREFIX.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(Semver.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))).build());
    }

    /** Whether a range is in the grammar. */
    public static boolean valid(String range) {
        return range == null || range.isBlank() || range.trim().equals("*") || RANGE.matcher(range).matches();
    }

    /** Whether a version satisfies a range; an unparseable range or version never does. */
    public static boolean satisfies(String versionText, String range) {
        Optional<Semver> version = version(versionText);
        if (version.isEmpty() || !valid(range)) {
            return false;
        }
        if (range == null || range.isBlank() || range.trim().equals("*")) {
            return true;
        }
        Matcher m = RANGE.matcher(range);
        m.matches();
        String op = m.group(1) == null ? "=" : m.group(1);
        Semver bound = version(m.group(2)).orElseThrow();
        if (op.equals("=")) {
            return version.get().isEqualTo(bound);
        }
        return version.get().satisfies(op + bound.getVersion());
    }
}
