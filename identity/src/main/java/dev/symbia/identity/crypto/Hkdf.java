package dev.symbia.identity.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869). Every key identity needs from {@code SESSION_SECRET} is derived with its
 * own {@code info} label, so the keys are independent and the secret itself is never used directly.
 */
public final class Hkdf {

    private static final String HMAC = "HmacSHA256";

    private Hkdf() {
    }

    public static byte[] derive(byte[] inputKeyMaterial, String info, int length) {
        try {
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(new byte[32], HMAC)); // no salt: RFC 5869 §2.2 default
            byte[] prk = extract.doFinal(inputKeyMaterial);
            Mac expand = Mac.getInstance(HMAC);
            expand.init(new SecretKeySpec(prk, HMAC));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            int produced = 0;
            for (int counter = 1; produced < length; counter++) {
                expand.update(block);
                expand.update(info.getBytes(StandardCharsets.UTF_8));
                expand.update((byte) counter);
                block = expand.doFinal();
                int take = Math.min(block.length, length - produced);
                System.arraycopy(block, 0, out, produced, take);
                produced += take;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF unavailable", e);
        }
    }
}
