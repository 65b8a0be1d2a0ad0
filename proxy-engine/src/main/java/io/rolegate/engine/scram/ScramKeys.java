package io.rolegate.engine.scram;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The keys SCRAM-SHA-256 derives from a password (RFC 5802, RFC 7677). Deriving them is deliberately slow
 * (PBKDF2 with thousands of iterations), so callers keep them for a role instead of recomputing at every login.
 *
 * @param clientKey HMAC(SaltedPassword, "Client Key"): what a client proves knowledge of
 * @param serverKey HMAC(SaltedPassword, "Server Key"): what the server signs with
 */
public record ScramKeys(byte[] salt, int iterations, byte[] clientKey, byte[] serverKey) {
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final int SALT_BYTES = 16;

    /** Keys for a new verifier with a fresh random salt. */
    public static ScramKeys derive(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return derive(password, salt, DEFAULT_ITERATIONS);
    }

    /** Keys for a salt and iteration count the server announced. {@code password} must be ASCII-safe (no SASLprep). */
    public static ScramKeys derive(String password, byte[] salt, int iterations) {
        try {
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                    .getEncoded();
            return new ScramKeys(salt.clone(), iterations, hmac(salted, "Client Key"), hmac(salted, "Server Key"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        }
    }

    public byte[] storedKey() {
        return sha256(clientKey);
    }

    /**
     * The verifier PostgreSQL stores in pg_authid ({@code SCRAM-SHA-256$iter:salt$StoredKey:ServerKey}). Given to
     * {@code ALTER ROLE ... PASSWORD}, it sets the password without the password ever crossing the wire.
     */
    public String verifier() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(storedKey()) + ":" + b64.encodeToString(serverKey);
    }

    public static byte[] hmac(byte[] key, String message) {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ScramKeys(iterations=" + iterations + ")"; // never the keys
    }
}
