package dev.symbia.assistants.provenance;

import dev.symbia.assistants.config.AssistantsProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The service's Ed25519 provenance identity (BouncyCastle). The seed comes from {@code ASSISTANTS_PROVENANCE_KEY},
 * else it is generated once and kept in {@code provenance_keys}, so every replica and restart signs with the same
 * key and earlier seals keep verifying. The seed is never logged or served.
 */
@Component
class ProvenanceKey {

    /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410): the raw 32 bytes follow. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final String id;

    ProvenanceKey(AssistantsProperties properties, JdbcClient jdbc) {
        byte[] seed = properties.provenanceKey() != null && !properties.provenanceKey().isBlank()
                ? Base64.getDecoder().decode(properties.provenanceKey().trim()) : stored(jdbc);
        if (seed.length != 32) {
            throw new IllegalStateException("ASSISTANTS_PROVENANCE_KEY must be base64 of 32 bytes");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = privateKey.generatePublicKey().getEncoded();
        this.id = "assistants:" + fingerprint().substring(0, 16);
    }

    private static byte[] stored(JdbcClient jdbc) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        jdbc.sql("INSERT INTO provenance_keys (id, seed) VALUES ('default', :seed) ON CONFLICT (id) DO NOTHING")
                .param("seed", Base64.getEncoder().encodeToString(fresh)).update();
        String seed = jdbc.sql("SELECT seed FROM provenance_keys WHERE id = 'default'").query(String.class).single();
        return Base64.getDecoder().decode(seed);
    }

    byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    boolean verify(byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    String id() {
        return id;
    }

    /** sha256 hex of the raw public key. */
    String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String publicKeyPem() {
        byte[] spki = new byte[SPKI_PREFIX.length + publicKey.length];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, publicKey.length);
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(spki) + "\n-----END PUBLIC KEY-----\n";
    }
}
