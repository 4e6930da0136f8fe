package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The per-hop shortcuts of issue 26 produce exactly what the tree-based forms they replaced produce: the
 * wire text ({@code toTree} serialised), the signed bytes (RFC 8785 of {@code toTree(unsigned)}) and the
 * grammar checks (the published patterns).
 */
class EnvelopeFastPathTests {

    private static final EnvelopeCodec CODEC = new EnvelopeCodec();
    private static final String SIGNATURE = "ab".repeat(32);

    static Stream<Envelope> envelopes() {
        return Stream.of(
                envelope("e1", null, null, "{\"x\":1}", null),
                envelope("e2", "target-1", "cause:9", "{\"b\":[1,2.5,-0.0,1e300,true,null],\"a\":{\"z\":\"\\u00e9\\n\\\"\",\"y\":{}}}",
                        SIGNATURE),
                envelope("e3", null, "c", "null", SIGNATURE),
                envelope("e4", "t@x", null, "\"text with \\\\ and \\u2028 and \\ud83d\\ude00\"", null),
                envelope("e5", null, null, "[{\"\\r\":1,\"1\":2,\"\\u20ac\":3,\"\\ud83d\\ude00\":4}]", null),
                new Envelope("e6", "a.b", "n1", null, "r1", null, Boundary.EXTRA, "2026-01-01T00:00:00.123456789Z",
                        JsonNodeFactory.instance.numberNode(123456789012L), null));
    }

    private static Envelope envelope(String id, String target, String causedBy, String data, String signature) {
        return new Envelope(id, "message.new", "node-1", target, "run-1", causedBy, Boundary.INTER,
                "2026-12-07T10:00:00.123Z", CODEC.mapper().readTree(data), signature);
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void writesTheTextTheTreeSerialisesTo(Envelope envelope) {
        assertThat(CODEC.write(envelope)).isEqualTo(CODEC.mapper().writeValueAsString(CODEC.toTree(envelope)));
        assertThat(CODEC.read(CODEC.write(envelope))).isEqualTo(envelope);
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void signsTheCanonicalFormOfTheTree(Envelope envelope) {
        byte[] reference = Jcs.canonicalBytes(CODEC.toTree(envelope.unsigned()));
        EnvelopeSigner signer = new EnvelopeSigner("s".repeat(32).getBytes(StandardCharsets.UTF_8), CODEC);
        assertThat(new String(signer.signingInput(envelope), StandardCharsets.UTF_8))
                .isEqualTo(new String(reference, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void aPublisherSignatureOverTheDataItCanonicalisedOnceIsTheSignatureOfTheEnvelope(Envelope envelope) {
        EnvelopeSigner signer = new EnvelopeSigner("s".repeat(32).getBytes(StandardCharsets.UTF_8), CODEC);
        Envelope signed = signer.sign(envelope.unsigned(), Jcs.canonicalize(envelope.data()));
        assertThat(signed.signature()).isEqualTo(signer.signature(envelope));
        assertThat(signer.isValid(signed)).isTrue();
    }

    @Test
    void canonicalFormOfAnUnvalidatedEnvelopeMatchesTheTreeToo() {
        // The verifier may see fields the codec never validated (a caller-built envelope): missing ones become null.
        Envelope bare = new Envelope(null, null, null, null, null, null, Boundary.INTRA, null, null, null);
        assertThat(EnvelopeSigner.canonical(bare)).isEqualTo(Jcs.canonicalize(CODEC.toTree(bare)));
        Envelope lone = new Envelope("e1", "a", "n", null, "r", null, Boundary.INTRA, "t",
                JsonNodeFactory.instance.stringNode("a\uD800"), null);
        assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeSigner.canonical(lone));
    }

    @Test
    void grammarScannersAcceptExactlyThePatternsLanguages() {
        List<String> samples = new ArrayList<>(List.of("", "a", "A9", "-a", "a-", "a.b", "a..b", ".a", "a.", "a:b@c",
                "@a", "a b", "a\n", "a.b\n", "é", "a_b-c.d_e", "x".repeat(128), "x".repeat(129), "x".repeat(200),
                "x".repeat(201), "a." + "b".repeat(198), SIGNATURE, SIGNATURE.toUpperCase(), SIGNATURE + "a",
                SIGNATURE.substring(1) + "g"));
        // Random strings over the characters that matter, at the lengths where the bounds are.
        String alphabet = "aZ09._:-@ \n*é";
        SplittableRandom random = new SplittableRandom(26);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(0, 6) == 0 ? random.nextInt(60, 210) : random.nextInt(0, 8);
            StringBuilder sample = new StringBuilder();
            for (int j = 0; j < length; j++) {
                sample.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(sample.toString());
            samples.add(random.nextInt(2) == 0 ? "0123456789abcdef".repeat(4) : "0123456789abcdef".repeat(4).replace('a', 'x'));
        }
        for (String sample : samples) {
            assertThat(EnvelopeCodec.isId(sample)).as("id %s", sample).isEqualTo(EnvelopeCodec.ID.matcher(sample).matches());
            assertThat(EnvelopeCodec.isNodeId(sample)).as("node id %s", sample)
                    .isEqualTo(EnvelopeCodec.NODE_ID.matcher(sample).matches());
            assertThat(EnvelopeCodec.isType(sample)).as("type %s", sample).isEqualTo(EnvelopeCodec.TYPE.matcher(sample).matches());
            assertThat(EnvelopeCodec.isSignature(sample)).as("signature %s", sample)
                    .isEqualTo(EnvelopeCodec.SIGNATURE.matcher(sample).matches());
        }
        assertThat(EnvelopeCodec.isSignature(null)).isFalse();
        assertThat(EnvelopeCodec.isId(null)).isFalse();
    }
}
