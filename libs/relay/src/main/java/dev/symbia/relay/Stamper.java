package dev.symbia.relay;

import java.time.Clock;

/**
 * Turns a buffered draft into the envelope that goes over the wire: this node as its source, stamped
 * at transmission (an event buffered through an outage is still inside the receivers' window) and
 * signed with the network secret.
 */
final class Stamper {

    private final String nodeId;
    private final EnvelopeSigner signer;
    private final Clock clock;

    Stamper(String nodeId, EnvelopeSigner signer, Clock clock) {
        this.nodeId = nodeId;
        this.signer = signer;
        this.clock = clock;
    }

    Envelope stamp(Outbox.Draft draft) {
        return signer.sign(new Envelope(draft.id(), draft.type(), nodeId, draft.target(), draft.runId(),
                draft.causedBy(), draft.boundary(), EnvelopeCodec.timestamp(clock.instant()), draft.data(), null),
                draft.canonicalData());
    }
}
