package dev.symbia.relay;

import java.util.UUID;
import java.util.regex.Pattern;
import okhttp3.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * What this node publishes, from {@link Relay#publish} until the network acknowledges it: validated and
 * buffered at once (never blocking), sent when registered, sent again after a reconnect until acked.
 * {@link #acked} runs on the relay thread; {@link #flush} on the publisher's thread or the relay thread.
 * {@link NetworkConnection} runs {@link #flush} and {@link #requeueAll} one at a time, so every event is sent once per
 * connection, in order, and an event sent on a connection that is then lost is sent again on the next.
 */
final class OutgoingEvents {

    private static final Logger log = LoggerFactory.getLogger(RelayClient.class);

    /** What an acknowledgement asks of the connection. */
    enum Ack {
        DONE,
        /** The network forgot this connection's registration: start over on a fresh socket. */
        REREGISTER
    }

    private final EnvelopeCodec codec;
    private final Outbox outbox;
    private final Stamper stamper;
    private final RelayFrames frames;
    private final RelayMetrics metrics;

    OutgoingEvents(EnvelopeCodec codec, int capacity, Stamper stamper, RelayFrames frames, RelayMetrics metrics) {
        this.codec = codec;
        this.outbox = new Outbox(capacity);
        this.stamper = stamper;
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * The publication as an unsigned draft with a new id; an invalid publication is a programming error
     * ({@link IllegalArgumentException}), refused now rather than when it is sent.
     */
    Outbox.Draft draft(Publication publication) {
        check(publication.type(), EnvelopeCodec.TYPE, "type");
        checkOptional(publication.target(), EnvelopeCodec.NODE_ID, "target");
        checkOptional(publication.runId(), EnvelopeCodec.ID, "runId");
        checkOptional(publication.causedBy(), EnvelopeCodec.ID, "causedBy");
        JsonNode data = publication.data() == null ? NullNode.getInstance() : codec.toData(publication.data());
        String canonicalData = Jcs.canonicalize(data); // refuses non I-JSON data; kept for the signature
        return new Outbox.Draft(UUID.randomUUID().toString(), publication.type(), publication.target(),
                publication.runId() == null ? UUID.randomUUID().toString() : publication.runId(),
                publication.causedBy(), publication.boundary() == null ? Boundary.INTRA : publication.boundary(), data,
                canonicalData);
    }

    /** Buffers a draft; when the buffer is full the oldest event is dropped (and counted). */
    void offer(Outbox.Draft draft) {
        int lost = outbox.offer(draft);
        if (lost > 0) {
            metrics.dropped(lost);
            log.debug("Relay buffer full: dropped {} oldest event(s)", lost);
        }
    }

    /** Sends everything not sent on this socket yet, oldest first. */
    void flush(WebSocket socket) {
        for (Outbox.Draft draft : outbox.unsent()) {
            Envelope envelope;
            try {
                envelope = stamper.stamp(draft);
            } catch (RuntimeException e) {
                outbox.acknowledge(draft.id());
                metrics.refused(RejectionReason.MALFORMED);
                log.error("Relay could not sign event {} of type {}; discarded", draft.id(), draft.type());
                continue;
            }
            if (!socket.send(frames.publish(envelope))) {
                return; // the socket is closing: everything is requeued when it is gone
            }
            outbox.markSent(draft.id());
        }
    }

    /** The network's answer for one event. */
    Ack acked(JsonNode frame) {
        String ref = RelayFrames.text(frame, "ref");
        if (ref == null) {
            return Ack.DONE;
        }
        if (frame.path("ok").asBoolean(false)) {
            if (outbox.acknowledge(ref)) {
                metrics.published();
            }
            return Ack.DONE;
        }
        RejectionReason reason = RejectionReason.fromCode(RelayFrames.text(frame, "code"));
        switch (reason) {
            case DUPLICATE -> outbox.acknowledge(ref); // accepted earlier, its ack was lost with the connection
            case NOT_REGISTERED -> {
                return Ack.REREGISTER;
            }
            default -> {
                outbox.acknowledge(ref);
                metrics.refused(reason);
                log.warn("Network refused event {}: {} ({})", ref, reason.code(), RelayFrames.text(frame, "message"));
            }
        }
        return Ack.DONE;
    }

    /** The connection is gone: everything unacknowledged is sent again on the next one. */
    void requeueAll() {
        outbox.requeueAll();
    }

    int size() {
        return outbox.size();
    }

    private static void check(String value, Pattern pattern, String field) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid event " + field + ": " + value);
        }
    }

    private static void checkOptional(String value, Pattern pattern, String field) {
        if (value != null) {
            check(value, pattern, field);
        }
    }
}
