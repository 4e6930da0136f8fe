package dev.symbia.relay;

/** A verified event handed to a subscriber: the envelope and its {@code data} bound to the requested type. */
public record RelayEvent<T>(Envelope envelope, T data) {

    public String type() {
        return envelope.type();
    }

    public String source() {
        return envelope.source();
    }

    public String runId() {
        return envelope.runId();
    }
}
