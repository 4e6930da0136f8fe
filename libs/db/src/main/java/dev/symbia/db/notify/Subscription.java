package dev.symbia.db.notify;

import java.time.Duration;

/** A listener on one channel, from {@link PostgresNotifications#listen}; closing it stops the deliveries. */
public interface Subscription extends AutoCloseable {

    String channel();

    /**
     * Waits until the listening connection has run {@code LISTEN} for this channel, so notifications
     * sent from now on reach the listener. False when that did not happen within the timeout (for
     * example while the database is unreachable; the subscription stays and becomes active later).
     */
    boolean awaitActive(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
