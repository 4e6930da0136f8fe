package dev.symbia.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What every receiver checks before trusting an envelope: the signature, then that the timestamp
 * lies inside the replay window around now (both directions, to allow for clock skew). Replays
 * inside the window are the receiver's job (by event id).
 */
public final class EnvelopeVerifier {

    private final EnvelopeSigner signer;
    private final Duration window;
    private final Clock clock;

    public EnvelopeVerifier(EnvelopeSigner signer, Duration window, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the replay window must be positive");
        }
        this.signer = signer;
        this.window = window;
        this.clock = clock;
    }

    public Duration window() {
        return window;
    }

    /** Returns the envelope when it is authentic and fresh, else throws. */
    public Envelope verify(Envelope envelope) {
        if (!signer.isValid(envelope)) {
            throw new EnvelopeRejectedException(RejectionReason.BAD_SIGNATURE, "The event signature is not valid.");
        }
        Instant stamped = envelope.instant();
        Instant now = clock.instant();
        if (stamped.isBefore(now.minus(window)) || stamped.isAfter(now.plus(window))) {
            throw new EnvelopeRejectedException(RejectionReason.OUTSIDE_WINDOW,
                    "The event timestamp is outside the accepted window of " + window.toSeconds() + " s.");
        }
        return envelope;
    }
}
