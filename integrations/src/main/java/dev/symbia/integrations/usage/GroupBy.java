package dev.symbia.integrations.usage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a usage report is grouped; each maps to a fixed SQL expression (never caller text). */
enum GroupBy {
    USER("user_id"),
    PROVIDER("provider"),
    MODEL("provider || '/' || model"),
    DAY("to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')");

    private final String expression;

    GroupBy(String expression) {
        this.expression = expression;
    }

    String expression() {
        return expression;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<GroupBy> parse(String value) {
        return Arrays.stream(values()).filter(g -> g.wireName().equals(value)).findFirst();
    }
}
