package dev.symbia.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HMAC-SHA256 over the RFC 8785 canonical JSON of an envelope without its signature, keyed by the
 * UTF-8 bytes of {@code NETWORK_HASH_SECRET}. The signature is the lower-case hex of the MAC.
 * Verification compares in constant time.
 */
public final class EnvelopeSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** Keyed once; each MAC is a clone of it (issue 26: a provider lookup and key set-up per event showed in profiles). */
    private final Mac keyed;

    public EnvelopeSigner(byte[] secret, EnvelopeCodec codec) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("the network secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        Objects.requireNonNull(codec, "codec"); // the canonical form is written from the fields (see canonical)
        this.keyed = fresh();
    }

    /** The canonical bytes the signature covers (exposed for test vectors and debugging). */
    public byte[] signingInput(Envelope envelope) {
        return canonical(envelope, null).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * RFC 8785 of {@code codec.toTree(envelope.unsigned())}, written from the fields: their names are fixed, so their
     * sorted order is too, and no tree of the envelope is built and sorted per event (issue 26). Only {@code data}
     * goes through the general canonicaliser.
     */
    static String canonical(Envelope envelope) {
        return canonical(envelope, null);
    }

    /** As {@link #canonical(Envelope)}, with the data's canonical form written already (or null). */
    static String canonical(Envelope envelope, @Nullable String canonicalData) {
        StringBuilder out = new StringBuilder(256);
        // Member names in UTF-16 order (RFC 8785 §3.2.3): boundary < causedBy < data < id < runId < source < target
        // < timestamp < type.
        out.append("{\"boundary\":");
        Jcs.appendString(envelope.boundary().wire(), out);
        if (envelope.causedBy() != null) {
            out.append(",\"causedBy\":");
            Jcs.appendString(envelope.causedBy(), out);
        }
        out.append(",\"data\":");
        if (canonicalData != null) {
            out.append(canonicalData);
        } else {
            Jcs.append(envelope.data(), out);
        }
        member(out, "id", envelope.id());
        member(out, "runId", envelope.runId());
        member(out, "source", envelope.source());
        if (envelope.target() != null) {
            member(out, "target", envelope.target());
        }
        member(out, "timestamp", envelope.timestamp());
        member(out, "type", envelope.type());
        return out.append('}').toString();
    }

    private static void member(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        if (value == null) {
            out.append("null"); // as the tree would hold a required field that is missing (ObjectNode.put of null)
        } else {
            Jcs.appendString(value, out);
        }
    }

    /** The signature of the envelope (its own signature field is ignored). */
    public String signature(Envelope envelope) {
        return signature(envelope, null);
    }

    /** {@code canonicalData}: the canonical form of the envelope's data when written already, else null. */
    private String signature(Envelope envelope, @Nullable String canonicalData) {
        EnvelopeCodec.validate(envelope.unsigned());
        return HexFormat.of().formatHex(mac(canonical(envelope, canonicalData).getBytes(StandardCharsets.UTF_8)));
    }

    /** The same envelope, signed. */
    public Envelope sign(Envelope envelope) {
        return envelope.withSignature(signature(envelope));
    }

    /** As {@link #sign(Envelope)}, with {@code canonicalData} the canonical form of the envelope's data. */
    Envelope sign(Envelope envelope, String canonicalData) {
        return envelope.withSignature(signature(envelope, canonicalData));
    }

    /** True when the envelope carries a valid signature; constant time in the signature bytes. */
    public boolean isValid(Envelope envelope) {
        String claimed = envelope.signature();
        if (!EnvelopeCodec.isSignature(claimed)) {
            return false;
        }
        byte[] expected;
        try {
            expected = mac(signingInput(envelope));
        } catch (IllegalArgumentException e) {
            return false; // not canonicalisable, so nothing could have signed it
        }
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(claimed));
    }

    private byte[] mac(byte[] input) {
        // Mac instances are not thread-safe: every call works on its own copy of the keyed one.
        Mac mac;
        try {
            mac = (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            mac = fresh(); // a provider whose MAC cannot be cloned: key a new one each time
        }
        return mac.doFinal(input);
    }

    private Mac fresh() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
