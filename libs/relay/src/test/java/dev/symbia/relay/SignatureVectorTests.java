package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published signature test vectors (also in the relay README) and the verifier's refusals.
 * The expected hex was computed independently with Node.js (JSON.stringify over recursively
 * sorted keys, then crypto.createHmac('sha256')), not with this code.
 */
class SignatureVectorTests {

    static final String SECRET = "symbia-test-vector-secret-0123456789abcdef";
    static final String ENVELOPE_1 = """
            {"id":"0b6d3c2e-8f4a-4e59-9c1d-7a2b3c4d5e6f","type":"message.new","source":"messaging","runId":"run-42",
             "boundary":"intra","timestamp":"2026-01-01T00:00:00.000Z",
             "data":{"conversationId":"conv-1","text":"Grüße, €5 \\"quoted\\"\\n","tokens":12,"score":0.5,
                     "tags":["a","b"],"nested":{"z":true,"a":null}}}""";
    static final String CANONICAL_1 = "{\"boundary\":\"intra\",\"data\":{\"conversationId\":\"conv-1\",\"nested\":{\"a\":null,"
            + "\"z\":true},\"score\":0.5,\"tags\":[\"a\",\"b\"],\"text\":\"Grüße, €5 \\\"quoted\\\"\\n\",\"tokens\":12},"
            + "\"id\":\"0b6d3c2e-8f4a-4e59-9c1d-7a2b3c4d5e6f\",\"runId\":\"run-42\",\"source\":\"messaging\","
            + "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"type\":\"message.new\"}";
    static final String SIGNATURE_1 = "f116c1db4a0bf1c8f3bdc3abd038ec2c537eb7222aa08ff3ccd1b308a6ad2b00";
    static final String SIGNATURE_2 = "e01487b4731a890871ab682779cf362709a69f3ce6faaceefdd111f19742ee08";

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final EnvelopeSigner signer = new EnvelopeSigner(SECRET.getBytes(StandardCharsets.UTF_8), codec);
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:01:00Z"), ZoneOffset.UTC);
    private final EnvelopeVerifier verifier = new EnvelopeVerifier(signer, Duration.ofMinutes(5), clock);

    @Test
    void vector1CanonicalFormAndSignature() {
        Envelope envelope = codec.read(ENVELOPE_1);
        assertThat(new String(signer.signingInput(envelope), StandardCharsets.UTF_8)).isEqualTo(CANONICAL_1);
        assertThat(signer.signature(envelope)).isEqualTo(SIGNATURE_1);
    }

    @Test
    void vector2WithTargetCausedByAndInterBoundary() {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(ENVELOPE_1);
        tree.put("target", "assistants").put("causedBy", "evt-0").put("boundary", "inter");
        assertThat(signer.signature(codec.fromTree(tree))).isEqualTo(SIGNATURE_2);
    }

    @Test
    void signatureDoesNotDependOnKeyOrderOrWhitespace() {
        String shuffled = "{ \"data\" : {\"nested\":{\"a\":null,\"z\":true},\"tags\":[\"a\",\"b\"],\"score\":0.50,\"tokens\":12.0,"
                + "\"text\":\"Gr\\u00fc\\u00dfe, \\u20ac5 \\\"quoted\\\"\\n\",\"conversationId\":\"conv-1\"},"
                + "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"boundary\":\"intra\",\"runId\":\"run-42\","
                + "\"source\":\"messaging\",\"type\":\"message.new\",\"id\":\"0b6d3c2e-8f4a-4e59-9c1d-7a2b3c4d5e6f\"}";
        assertThat(signer.signature(codec.read(shuffled))).isEqualTo(SIGNATURE_1);
    }

    @Test
    void signedVectorVerifiesInsideTheWindow() {
        Envelope signed = codec.read(ENVELOPE_1).withSignature(SIGNATURE_1);
        assertThat(verifier.verify(signed)).isEqualTo(signed);
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("id", (UnaryOperator<ObjectNode>) t -> t.put("id", "0b6d3c2e-8f4a-4e59-9c1d-7a2b3c4d5e70")),
                Arguments.of("type", (UnaryOperator<ObjectNode>) t -> t.put("type", "message.deleted")),
                Arguments.of("source", (UnaryOperator<ObjectNode>) t -> t.put("source", "identity")),
                Arguments.of("target added", (UnaryOperator<ObjectNode>) t -> t.put("target", "assistants")),
                Arguments.of("runId", (UnaryOperator<ObjectNode>) t -> t.put("runId", "run-43")),
                Arguments.of("causedBy added", (UnaryOperator<ObjectNode>) t -> t.put("causedBy", "evt-9")),
                Arguments.of("boundary", (UnaryOperator<ObjectNode>) t -> t.put("boundary", "extra")),
                Arguments.of("timestamp", (UnaryOperator<ObjectNode>) t -> t.put("timestamp", "2026-01-01T00:00:01.000Z")),
                Arguments.of("data value", (UnaryOperator<ObjectNode>) t -> {
                    ((ObjectNode) t.get("data")).put("tokens", 13);
                    return t;
                }),
                Arguments.of("data key added", (UnaryOperator<ObjectNode>) t -> {
                    ((ObjectNode) t.get("data")).put("admin", true);
                    return t;
                }),
                Arguments.of("data replaced by null", (UnaryOperator<ObjectNode>) t -> t.putNull("data")),
                Arguments.of("signature flipped", (UnaryOperator<ObjectNode>) t ->
                        t.put("signature", "0" + SIGNATURE_1.substring(1))));
    }

    @ParameterizedTest(name = "tampered {0} is rejected")
    @MethodSource("tamperings")
    void tamperingWithAnyFieldBreaksTheSignature(String field, UnaryOperator<ObjectNode> tamper) {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(ENVELOPE_1);
        tree.put("signature", SIGNATURE_1);
        Envelope tampered = codec.fromTree(tamper.apply(tree));
        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOfSatisfying(EnvelopeRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void anotherSecretDoesNotVerify() {
        EnvelopeSigner other = new EnvelopeSigner("another-secret-another-secret-0123".getBytes(StandardCharsets.UTF_8), codec);
        Envelope signed = other.sign(codec.read(ENVELOPE_1));
        assertThatThrownBy(() -> verifier.verify(signed)).isInstanceOfSatisfying(EnvelopeRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
    }

    @Test
    void replayOutsideTheWindowIsRejectedInBothDirections() {
        Envelope signed = codec.read(ENVELOPE_1).withSignature(SIGNATURE_1);
        EnvelopeVerifier later = new EnvelopeVerifier(signer, Duration.ofMinutes(5),
                Clock.fixed(Instant.parse("2026-01-01T00:05:00.001Z"), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(signed)).isInstanceOfSatisfying(EnvelopeRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.OUTSIDE_WINDOW));
        EnvelopeVerifier earlier = new EnvelopeVerifier(signer, Duration.ofMinutes(5),
                Clock.fixed(Instant.parse("2025-12-31T23:54:59.999Z"), ZoneOffset.UTC));
        assertThatThrownBy(() -> earlier.verify(signed)).isInstanceOfSatisfying(EnvelopeRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.OUTSIDE_WINDOW));
        EnvelopeVerifier edge = new EnvelopeVerifier(signer, Duration.ofMinutes(5),
                Clock.fixed(Instant.parse("2026-01-01T00:05:00Z"), ZoneOffset.UTC));
        assertThat(edge.verify(signed)).isEqualTo(signed);
    }

    @Test
    void missingSignatureIsRejected() {
        assertThatThrownBy(() -> verifier.verify(codec.read(ENVELOPE_1))).isInstanceOfSatisfying(
                EnvelopeRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.BAD_SIGNATURE));
    }
}
