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

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T06:24:22Z", "2026-12-07T06:24:22.1Z", "2026-12-07T06:24:22.123Z",
            "2026-12-07T06:24:22.123456789Z", "2024-02-29T23:59:59.999Z", "0000-01-01T00:00:00Z",
            "2026-12-07T06:24:22.123+02:00", "2026-12-07T06:24:22-05:30", "2026-12-07t06:24:22Z"})
    void readsTimestampsExactlyAsTheIsoFormatterDoes(String text) {
        assertThat(EnvelopeCodec.parseTimestamp(text)).isEqualTo(
                java.time.OffsetDateTime.parse(text, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-07T24:00:00Z",
            "2026-12-07T23:60:00Z", "2026-12-07T23:59:60Z", "2026-12-07T06:24:22.1234567890Z", "2026-12-07T06:24:2xZ",
            "2026-12-07 06:24:22Z", "2026-12-07T06:24:22", "２026-12-07T06:24:22Z", ""})
    void refusesWhatTheIsoFormatterRefuses(String text) {
        assertThatThrownBy(() -> java.time.OffsetDateTime.parse(text, java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .isInstanceOf(java.time.DateTimeException.class);
        assertThatThrownBy(() -> EnvelopeCodec.parseTimestamp(text)).isInstanceOf(EnvelopeRejectedException.class);
    }
}
