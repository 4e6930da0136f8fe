package dev.symbia.db.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tunables of {@link PostgresNotifications} ({@code symbia.db.notify.*}).
 *
 * @param pollInterval longest single wait for notifications; also how soon a new {@code listen} or a stop
 *                     takes effect on the listening connection
 * @param minBackoff   first wait before reconnecting a lost listening connection
 * @param maxBackoff   the wait doubles (jittered, libs/core {@code Backoff} through {@code Reconnects}) after each failed attempt up to this
 */
@Validated
@ConfigurationProperties("symbia.db.notify")
public record NotificationSettings(
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("250ms") Duration minBackoff,
        @DefaultValue("10s") Duration maxBackoff) {

    public NotificationSettings {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("symbia.db.notify.poll-interval must be positive");
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException(
                    "symbia.db.notify.min-backoff must be positive and not above symbia.db.notify.max-backoff");
        }
    }

    public static NotificationSettings defaults() {
        return new NotificationSettings(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofSeconds(10));
    }
}
