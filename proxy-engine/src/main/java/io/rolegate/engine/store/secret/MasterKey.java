package io.rolegate.engine.store.secret;

import io.rolegate.engine.store.common.StoreException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The 256-bit key that encrypts secrets at rest, from the environment variable {@value #ENV} or from a key file,
 * both holding the key as base64. Error messages name where the key came from but never contain any of it.
 */
public final class MasterKey {
    public static final String ENV = "ROLEGATE_MASTER_KEY";
    static final int LENGTH = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final byte[] key;
    private final String origin;

    private MasterKey(byte[] key, String origin) {
        this.key = key;
        this.origin = origin;
    }

    /**
     * The key from the environment when {@value #ENV} is set (so a container can override a file baked into an
     * image), else from {@code keyFile}; refuses when neither is there, saying how to provide one.
     */
    public static MasterKey resolve(Map<String, String> environment, Path keyFile) {
        String fromEnv = environment.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromBase64(fromEnv, "the environment variable " + ENV);
        }
        if (keyFile != null) {
            return fromFile(keyFile);
        }
        throw new StoreException("no master key: set " + ENV + " to 32 random bytes in base64 (for example the"
                + " output of: head -c 32 /dev/urandom | base64), or configure a key file");
    }

    /** The key file's name inside a data directory. */
    public static final String DATA_DIR_FILE = "master.key";

    /**
     * The key for an engine's data directory: {@value #ENV} when set, else {@code <dataDir>/master.key}, which is
     * created (owner-only) the first time a key is needed.
     */
    public static MasterKey forDataDirectory(Path dataDir, java.util.function.Function<String, String> environment) {
        Path file = dataDir.resolve(DATA_DIR_FILE);
        String fromEnv = environment.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromBase64(fromEnv, "the environment variable " + ENV);
        }
        return Files.exists(file) ? fromFile(file) : createKeyFile(file);
    }

    /** Reads a key file, refusing one that anybody but its owner may read or write. */
    public static MasterKey fromFile(Path file) {
        checkOwnerOnly(file);
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), "the key file " + file);
        } catch (IOException e) {
            throw new StoreException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates a new random key in {@code file}, readable by its owner only. Refuses to overwrite an existing one. */
    public static MasterKey createKeyFile(Path file) {
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StoreException("cannot create the key file " + file + ": " + e.getMessage(), e);
        }
        return new MasterKey(key, "the key file " + file);
    }

    static MasterKey fromBase64(String text, String origin) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character, which is part of the key: leave it out.
            throw new StoreException("the master key in " + origin + " is not valid base64");
        }
        if (key.length != LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw new StoreException("the master key in " + origin + " must be 32 bytes in base64, but it is "
                    + key.length + " bytes; create one with: head -c 32 /dev/urandom | base64");
        }
        return new MasterKey(key, origin);
    }

    private static void checkOwnerOnly(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its ACLs are the administrator's to set; nothing to check here.
            return;
        } catch (IOException e) {
            throw new StoreException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new StoreException("the key file " + file + " is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); a master key must be private to its owner."
                    + " Fix it with: chmod 600 " + file);
        }
    }

    byte[] bytes() {
        return key.clone();
    }

    /**
     * A key for one purpose, derived from the master key (HMAC-SHA256 of the purpose): each use gets its own key,
     * and the master key itself never leaves this class.
     */
    public byte[] subkey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("rolegate subkey: " + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /** Where the key came from, for messages; never the key. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "MasterKey[from " + origin + "]";
    }
}
