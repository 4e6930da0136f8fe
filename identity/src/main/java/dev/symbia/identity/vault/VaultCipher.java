package dev.symbia.identity.vault;

import dev.symbia.identity.config.IdentitySecrets;
import dev.symbia.identity.crypto.AesGcm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Seals provider secrets with AES-256-GCM under the full 256-bit {@code CREDENTIAL_ENCRYPTION_KEY},
 * a random 12-byte IV each time, and the row id as associated data: a ciphertext copied into
 * another row fails authentication instead of decrypting.
 */
@Component
class VaultCipher {

    private final AesGcm aes;

    VaultCipher(IdentitySecrets secrets) {
        this.aes = new AesGcm(secrets.credentialKey());
    }

    byte[] seal(UUID rowId, String secret) {
        return aes.encrypt(secret.getBytes(StandardCharsets.UTF_8), aad(rowId));
    }

    String open(UUID rowId, byte[] sealed) throws GeneralSecurityException {
        return new String(aes.decrypt(sealed, aad(rowId)), StandardCharsets.UTF_8);
    }

    private static byte[] aad(UUID rowId) {
        return ("symbia/credentials/" + rowId).getBytes(StandardCharsets.UTF_8);
    }
}
