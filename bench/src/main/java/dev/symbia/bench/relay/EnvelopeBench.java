package dev.symbia.bench.relay;

import dev.symbia.bench.Defaults;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.EnvelopeVerifier;
import dev.symbia.relay.RelaySettings;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-event cost of the network's integrity check (libs/relay): {@link EnvelopeSigner} — RFC 8785
 * canonical JSON of the envelope without its signature, then HMAC-SHA256 — on the sending side, and
 * {@link EnvelopeVerifier} (signature, constant-time compare, replay window) on the receiving side.
 * Baseline: plain Jackson serialisation of the same signed envelope ({@link EnvelopeCodec#write}),
 * which every event pays anyway to get on the wire. {@code reference_writeAndRead} adds the strict
 * parse a receiver does, for scale.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeBench {

    @Param({"small", "large"})
    public String size;

    private EnvelopeCodec codec;
    private EnvelopeSigner signer;
    private EnvelopeVerifier verifier;
    private Envelope unsigned;
    private Envelope signed;

    @Setup
    public void setup() {
        byte[] secretBytes = new byte[32];
        new SecureRandom().nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes); // NETWORK_HASH_SECRET is text; its UTF-8 bytes are the key
        codec = new EnvelopeCodec();
        signer = new EnvelopeSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), codec);
        Clock clock = Defaults.frozenClock();
        verifier = new EnvelopeVerifier(signer, RelaySettings.defaults(URI.create("http://localhost:5054")).replayWindow(),
                clock);
        unsigned = Envelopes.messageNew(codec, size, clock.instant());
        signed = signer.sign(unsigned);
        verifier.verify(signed);
        if (!codec.read(codec.write(signed)).equals(signed)) {
            throw new IllegalStateException("the envelope does not survive a round trip");
        }
    }

    @Benchmark
    public Envelope sign() {
        return signer.sign(unsigned);
    }

    @Benchmark
    public Envelope verify() {
        return verifier.verify(signed);
    }

    /** What one event costs end to end: the sender signs, the receiver verifies. */
    @Benchmark
    public Envelope signAndVerify() {
        return verifier.verify(signer.sign(unsigned));
    }

    @Benchmark
    public String baseline_serialize() {
        return codec.write(signed);
    }

    @Benchmark
    public Envelope reference_writeAndRead() {
        return codec.read(codec.write(signed));
    }
}
