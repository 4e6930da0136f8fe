package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Strict reading: what a signature could not vouch for unambiguously is malformed. */
class EnvelopeCodecTests {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    private static final String BASE = "\"id\":\"e1\",\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\","
            + "\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\"";

    @Test
    void roundTripsAndOmitsAbsentOptionals() {
        Envelope envelope = codec.read("{" + BASE + ",\"data\":{\"x\":1}}");
        assertThat(envelope.target()).isNull();
        assertThat(codec.write(envelope)).isEqualTo("{" + BASE + ",\"data\":{\"x\":1}}");
        assertThat(codec.read(codec.write(envelope))).isEqualTo(envelope);
    }

    @Test
    void nullDataIsAllowedButMissingDataIsNot() {
        assertThat(codec.read("{" + BASE + ",\"data\":null}").data().isNull()).isTrue();
        assertMalformed("{" + BASE + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"id\":\"e1\",\"id\":\"e2\",\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1}",
            "{\"extra\":1,\"id\":\"e1\",\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1}",
            "{\"id\":\"e1\",\"type\":\"a.*\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1}",
            "{\"id\":\"e1\",\"type\":\"a.b\",\"source\":\"n 1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1}",
            "{\"id\":\"e1\",\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"outer\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1}",
            "{\"id\":\"e1\",\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"yesterday\",\"data\":1}",
            "{\"id\":\"e1\",\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1,\"signature\":\"XYZ\"}",
            "{\"id\":7,\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1}",
            "{\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":1}"})
    void refusesMalformedEnvelopes(String json) {
        assertMalformed(json);
    }

    @Test
    void acceptsOffsetsInTimestamps() {
        Envelope envelope = codec.read("{\"id\":\"e1\",\"type\":\"a.b\",\"source\":\"n1\",\"runId\":\"r1\",\"boundary\":\"intra\","
                + "\"timestamp\":\"2026-01-01T02:00:00+02:00\",\"data\":1}");
        assertThat(envelope.instant()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    }

    private void assertMalformed(String json) {
        assertThatThrownBy(() -> codec.read(json)).isInstanceOfSatisfying(EnvelopeRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED));
    }
}
