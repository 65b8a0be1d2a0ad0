package io.rolegate.engine.auth;

import io.rolegate.engine.scram.ScramKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

/**
 * The client side of one SCRAM-SHA-256 exchange without channel binding, as PostgreSQL speaks it (the user name
 * in the SCRAM messages is empty: the server takes it from the startup packet). Three steps:
 * {@link #clientFirst()}, {@link #clientFinal(String)}, {@link #verifyServerFinal(String)}.
 *
 * <p>Keys come from a function of (salt, iterations), so a caller that knows the password's keys already (the
 * proxy set them) skips the slow derivation.
 */
public final class ScramClient {
    private static final String GS2_HEADER = "n,,";
    private static final String CHANNEL_BINDING = Base64.getEncoder()
            .encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));

    private final Function<Salt, ScramKeys> keys;
    private final String clientNonce;
    private final String user;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean serverVerified;

    /** The salt and iteration count the server announced. */
    public record Salt(byte[] salt, int iterations) {
    }

    public ScramClient(Function<Salt, ScramKeys> keys, SecureRandom random) {
        this(keys, nonce(random), "");
    }

    /** With a given nonce and user name: for the RFC 7677 test vector. */
    ScramClient(Function<Salt, ScramKeys> keys, String clientNonce, String user) {
        this.keys = keys;
        this.clientNonce = clientNonce;
        this.user = user;
    }

    private static String nonce(SecureRandom random) {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    public String clientFirst() {
        clientFirstBare = "n=" + user + ",r=" + clientNonce;
        return GS2_HEADER + clientFirstBare;
    }

    /** Answers the server-first message; throws {@link ScramException} when it is malformed or dishonest. */
    public String clientFinal(String serverFirst) {
        String nonce = attribute(serverFirst, 'r');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new ScramException("the server's nonce does not extend ours");
        }
        ScramKeys k = keys.apply(saltOf(serverFirst));
        String withoutProof = "c=" + CHANNEL_BINDING + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] signature = ScramKeys.hmac(k.storedKey(), authMessage);
        byte[] proof = k.clientKey().clone();
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= signature[i];
        }
        expectedServerSignature = ScramKeys.hmac(k.serverKey(), authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** The salt and iteration count a server-first message announces; {@link ScramException} when malformed. */
    public static Salt saltOf(String serverFirst) {
        byte[] salt;
        int iterations;
        try {
            salt = Base64.getDecoder().decode(attribute(serverFirst, 's'));
            iterations = Integer.parseInt(attribute(serverFirst, 'i'));
        } catch (IllegalArgumentException e) {
            throw new ScramException("the server's salt or iteration count is malformed");
        }
        if (iterations < 1) {
            throw new ScramException("the server's iteration count is not positive");
        }
        return new Salt(salt, iterations);
    }

    /** Checks the server proved it knows the verifier too; throws {@link ScramException} when not. */
    public void verifyServerFinal(String serverFinal) {
        if (serverFinal.startsWith("e=")) {
            throw new ScramException("the server refused: " + serverFinal.substring(2));
        }
        byte[] got;
        try {
            got = Base64.getDecoder().decode(attribute(serverFinal, 'v'));
        } catch (IllegalArgumentException e) {
            throw new ScramException("the server's signature is malformed");
        }
        if (expectedServerSignature == null || !MessageDigest.isEqual(expectedServerSignature, got)) {
            throw new ScramException("the server's signature does not match: it does not know the password");
        }
        serverVerified = true;
    }

    /**
     * True once {@link #verifyServerFinal} accepted the server's signature: only then has the server proved it
     * holds the role's verifier. An AuthenticationOk before that proves nothing (anyone can send one).
     */
    public boolean serverVerified() {
        return serverVerified;
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new ScramException("the server's SCRAM message lacks \"" + name + "=\"");
    }

    /** A SCRAM exchange that cannot go on. */
    public static final class ScramException extends RuntimeException {
        public ScramException(String message) {
            super(message, null, false, false);
        }
    }
}
