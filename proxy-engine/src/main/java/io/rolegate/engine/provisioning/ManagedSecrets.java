package io.rolegate.engine.provisioning;

import io.rolegate.engine.scram.ScramKeys;
import io.rolegate.engine.threads.OldestFirst;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The password of each managed role: HMAC-SHA256 of the role name and a generation under the master key. Nothing
 * is stored — any engine holding the master key can compute it — and only a SCRAM verifier of it ever reaches the
 * server. Keys derived for a (role, salt) pair are kept, since deriving them costs a few milliseconds.
 *
 * <p>Deriving (PBKDF2) runs on one pool for the whole process with a thread per core, oldest login first: CPU work
 * gains nothing from more threads than cores, and the login workers that wait for it hold no admin connection
 * meanwhile. Under a first-login storm this is most of the CPU the proxy spends.
 */
public final class ManagedSecrets {
    private static final OldestFirst DERIVATION = new OldestFirst(
            Math.max(1, Runtime.getRuntime().availableProcessors()), "rolegate-scram");

    private final byte[] masterKey;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ScramKeys> derived = new ConcurrentHashMap<>();

    public ManagedSecrets(byte[] masterKey) {
        if (masterKey.length < 32) {
            throw new IllegalArgumentException("the master key must be at least 32 bytes");
        }
        this.masterKey = masterKey.clone();
    }

    String secret(String role, int generation) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] out = mac.doFinal(("rolegate managed role\0" + role + "\0" + generation)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /**
     * A verifier with a fresh salt, for CREATE/ALTER ROLE ... PASSWORD. Its keys are kept, so the first login
     * upstream after setting it needs no derivation.
     */
    public String newVerifier(String role, int generation) {
        ScramKeys keys = onDerivationPool(() -> ScramKeys.derive(secret(role, generation), random));
        derived.put(cacheKey(role, generation, keys.salt(), keys.iterations()), keys);
        return keys.verifier();
    }

    /**
     * The keys to log in as {@code role} against the salt the server announced. Deriving them takes milliseconds
     * of CPU (PBKDF2): call it from a worker unless {@link #hasKeys} says they are kept.
     */
    public ScramKeys keys(String role, int generation, byte[] salt, int iterations) {
        String key = cacheKey(role, generation, salt, iterations);
        ScramKeys known = derived.get(key);
        if (known != null) {
            return known;
        }
        ScramKeys keys = onDerivationPool(() -> ScramKeys.derive(secret(role, generation), salt, iterations));
        ScramKeys raced = derived.putIfAbsent(key, keys);
        return raced != null ? raced : keys;
    }

    /** Derives on the derivation pool, in the calling login's place, and waits for it. */
    private static ScramKeys onDerivationPool(Supplier<ScramKeys> derivation) {
        try {
            return CompletableFuture.supplyAsync(derivation, DERIVATION.forCurrentLogin()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** True when {@link #keys} would answer at once, without deriving. */
    public boolean hasKeys(String role, int generation, byte[] salt, int iterations) {
        return derived.containsKey(cacheKey(role, generation, salt, iterations));
    }

    private static String cacheKey(String role, int generation, byte[] salt, int iterations) {
        return role + "\0" + generation + "\0" + Base64.getEncoder().encodeToString(salt) + "\0" + iterations;
    }

    @Override
    public String toString() {
        return "ManagedSecrets";
    }
}
