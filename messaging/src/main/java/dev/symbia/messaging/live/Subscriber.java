package dev.symbia.messaging.live;

/** A connection of this replica receiving some conversations' events. */
interface Subscriber {

    /** Participant id of the connection's caller (echo suppression). */
    String principalId();

    Transport transport();

    /** Queues the frame; false when the connection is gone or too slow. Never blocks. */
    boolean deliver(LiveFrame frame);
}
