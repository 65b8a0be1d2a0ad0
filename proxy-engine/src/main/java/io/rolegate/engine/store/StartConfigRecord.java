package io.rolegate.engine.store;

import io.rolegate.engine.files.AtomicFile;

import io.rolegate.engine.store.common.StoreException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this data directory last started with (decision 0032): the SHA-256 of the start configuration as the engine
 * writes it (normalised YAML, secrets as references: so a comment, key order or a secret's value is no change), and
 * the configuration version in force after that start. Kept in {@value #FILE_NAME} in the data directory, replaced
 * atomically at each start; not a secret. The engine compares it with its file at the next start: the file wins only
 * when it changed since.
 */
public record StartConfigRecord(String sha256, int version) {
    public static final String FILE_NAME = "config-at-last-start";
    private static final Pattern SHA = Pattern.compile("(?m)^sha256=([0-9a-f]{64})$");
    private static final Pattern VERSION = Pattern.compile("(?m)^version=([0-9]{1,9})$");

    /** The digest of {@code normalisedYaml}, as the record keeps it. */
    public static String digest(String normalisedYaml) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalisedYaml.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * The record in {@code dataDir}; empty when there is none (a data directory from before the record, or a first
     * start). Throws {@link StoreException} naming the file when it is there but cannot be read or makes no sense.
     */
    public static Optional<StartConfigRecord> read(Path dataDir) {
        Path f = file(dataDir);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new StoreException(f + " cannot be read: " + e, e);
        }
        Matcher sha = SHA.matcher(text);
        Matcher version = VERSION.matcher(text);
        if (!sha.find() || !version.find()) {
            throw new StoreException(f + " is damaged: it holds no sha256=<64 hex digits> and version=<number> lines");
        }
        return Optional.of(new StartConfigRecord(sha.group(1), Integer.parseInt(version.group(1))));
    }

    /** Replaces the record in {@code dataDir} atomically (a crash leaves the old one or the new one, never half). */
    public void write(Path dataDir) {
        Path f = file(dataDir);
        String text = "# Rolegate: the configuration this data directory last started with (decision 0032)\n"
                + "# Written at every start; delete it only to start as a data directory without a record.\n"
                + "sha256=" + sha256 + "\nversion=" + version + "\n";
        try {
            AtomicFile.replace(f, text.getBytes(StandardCharsets.UTF_8), AtomicFile.Readers.OWNER_ONLY);
        } catch (IOException e) {
            throw new StoreException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
