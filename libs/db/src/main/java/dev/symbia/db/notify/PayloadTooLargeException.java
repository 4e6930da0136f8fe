package dev.symbia.db.notify;

/** A NOTIFY payload over PostgreSQL's limit: send an id and load the rest from a table instead. */
public class PayloadTooLargeException extends IllegalArgumentException {

    private final int bytes;

    PayloadTooLargeException(String channel, int bytes) {
        super("NOTIFY payload on channel " + channel + " is " + bytes + " bytes; PostgreSQL accepts at most "
                + PostgresNotifications.MAX_PAYLOAD_BYTES + " (send a reference and keep the data in a table)");
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
