package io.rolegate.engine.store.secret;

import io.rolegate.engine.store.common.StoreException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts secrets at rest (directory bind password, upstream admin password, ...) with AES-256-GCM under the
 * {@link MasterKey}. Stored form: {@code rg1:} + base64url(12-byte random nonce || ciphertext || 16-byte tag); the
 * prefix names the format so a later one can be told apart. The secret's purpose is bound as associated data, so a
 * sealed value copied into another setting fails to open instead of being used as the wrong password.
 */
public final class SecretBox {
    public static final String PREFIX = "rg1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String origin;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(MasterKey masterKey) {
        byte[] bytes = masterKey.bytes();
        this.key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
        this.origin = masterKey.origin();
    }

    /** True when {@code value} is in a sealed form (of any version) rather than plain text. */
    public static boolean isSealed(String value) {
        return value != null && value.matches("rg\\d+:.*");
    }

    public String seal(String purpose, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, purpose);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this Java runtime", e);
        }
    }

    public String open(String purpose, String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new StoreException("the stored " + purpose + " is not in a format this Rolegate knows (expected "
                    + PREFIX + "...)" + (isSealed(sealed) ? "; it was encrypted by a newer Rolegate" : ""));
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new StoreException("the stored " + purpose + " is damaged (not valid base64)");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new StoreException("the stored " + purpose + " is damaged (too short)");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, NONCE_BYTES), purpose);
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new StoreException("cannot decrypt the stored " + purpose + ": the master key (from " + origin
                    + ") is not the one it was encrypted with, or the stored value was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this Java runtime", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String purpose) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(("rolegate-secret\0" + purpose).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM, key from " + origin + "]";
    }
}
