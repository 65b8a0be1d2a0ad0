package io.rolegate.engine.store.audit;

import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.secret.MasterKey;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The file of audit checkpoints ({@link AuditAnchor}), one JSON line each, appended and flushed to disk before a
 * write returns. By default {@value #FILE_NAME} in the data directory; {@value #ENV} names another place (a mount
 * the operator ships off the machine, for example). The MAC key is the master key's subkey for
 * {@value #KEY_PURPOSE}: a label of its own, so it is no key used for anything else.
 */
public final class AuditAnchors {
    public static final String FILE_NAME = "audit-anchors.jsonl";
    public static final String ENV = "ROLEGATE_AUDIT_ANCHORS";
    static final String KEY_PURPOSE = "audit anchors";

    /** One line of the file: its number (from 1) and the checkpoint on it, or why it could not be read. */
    public record Entry(int line, AuditAnchor anchor, String unreadable) {
    }

    private final Path file;
    private final SecretKeySpec key;

    public AuditAnchors(Path file, MasterKey masterKey) {
        this.file = file.toAbsolutePath().normalize();
        this.key = masterKey == null ? null : new SecretKeySpec(masterKey.subkey(KEY_PURPOSE), "HmacSHA256");
    }

    /** {@value #ENV} when set, else {@value #FILE_NAME} in {@code dataDir}. */
    public static Path fileFor(Path dataDir, Function<String, String> environment) {
        String configured = environment.apply(ENV);
        return configured != null && !configured.isBlank() ? Path.of(configured.strip())
                : dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** Signs and appends a checkpoint; returns once it is on disk. */
    public synchronized AuditAnchor write(long sequence, String headHash, String node, Instant time) {
        AuditAnchor unsigned = new AuditAnchor(sequence, headHash, time, node, "");
        AuditAnchor anchor = new AuditAnchor(sequence, headHash, time, node, mac(unsigned));
        byte[] line = (anchor.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            boolean created = !Files.exists(file);
            try (FileChannel out = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND), ownerOnly())) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (created) {
                syncDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("cannot write the audit checkpoint to " + file + ": " + e.getMessage(), e);
        }
        return anchor;
    }

    /** Every line of the file in order; none when the file does not exist yet. */
    public List<Entry> read() {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line; (line = in.readLine()) != null; ) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(new Entry(number, AuditAnchor.parse(line), null));
                } catch (IllegalArgumentException e) {
                    entries.add(new Entry(number, null, e.getMessage()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new StoreException("cannot read the audit checkpoints in " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** The last checkpoint in the file, if its last line is one; reads one line's worth of parsing. */
    public java.util.Optional<AuditAnchor> last() {
        String lastLine = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    lastLine = line;
                }
            }
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read the audit checkpoints in " + file + ": " + e.getMessage(), e);
        }
        try {
            return lastLine == null ? java.util.Optional.empty() : java.util.Optional.of(AuditAnchor.parse(lastLine));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** True when the checkpoint's MAC is the one this master key gives it (compared in constant time). */
    public boolean genuine(AuditAnchor anchor) {
        byte[] expected = HexFormat.of().parseHex(mac(anchor));
        byte[] stored = HexFormat.of().parseHex(anchor.mac());
        return MessageDigest.isEqual(expected, stored);
    }

    private String mac(AuditAnchor anchor) {
        if (key == null) {
            throw new StoreException("cannot sign or check the audit checkpoints in " + file + ": no master key; set "
                    + MasterKey.ENV + " or run where the engine's " + MasterKey.DATA_DIR_FILE + " is");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(anchor.signedBytes()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** A new file's name is durable only once its directory is: sync it too (where the platform allows). */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its file system journals the name anyway
        }
    }
}
