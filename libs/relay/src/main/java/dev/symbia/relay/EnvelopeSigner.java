package dev.symbia.relay;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over the RFC 8785 canonical JSON of an envelope without its signature, keyed by the
 * UTF-8 bytes of {@code NETWORK_HASH_SECRET}. The signature is the lower-case hex of the MAC.
 * Verification compares in constant time.
 */
public final class EnvelopeSigner {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final EnvelopeCodec codec;
    /** Keyed once; each MAC is a clone of it (issue 26: a provider lookup and key set-up per event showed in profiles). */
    private final Mac keyed;

    public EnvelopeSigner(byte[] secret, EnvelopeCodec codec) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("the network secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.codec = codec;
        this.keyed = fresh();
    }

    /** The canonical bytes the signature covers (exposed for test vectors and debugging). */
    public byte[] signingInput(Envelope envelope) {
        return Jcs.canonicalBytes(codec.toTree(envelope.unsigned()));
    }

    /** The signature of the envelope (its own signature field is ignored). */
    public String signature(Envelope envelope) {
        EnvelopeCodec.validate(envelope.unsigned());
        return HexFormat.of().formatHex(mac(signingInput(envelope)));
    }

    /** The same envelope, signed. */
    public Envelope sign(Envelope envelope) {
        return envelope.withSignature(signature(envelope));
    }

    /** True when the envelope carries a valid signature; constant time in the signature bytes. */
    public boolean isValid(Envelope envelope) {
        String claimed = envelope.signature();
        if (claimed == null || !EnvelopeCodec.SIGNATURE.matcher(claimed).matches()) {
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
