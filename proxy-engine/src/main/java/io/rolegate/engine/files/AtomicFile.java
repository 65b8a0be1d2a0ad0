package io.rolegate.engine.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a small file whole: the content goes to a temporary file beside it, is forced to disk, renamed over the
 * old file, and the folder is forced too. A crash or a full disk leaves the old file or the new one, never half of
 * either, and never a stray temporary file after an error. Used for the files the engine keeps beside its data
 * (start record, saved API login, generated certificates and keys).
 */
public final class AtomicFile {
    /** Who may read the file once it is in place (on POSIX file systems; elsewhere the platform default). */
    public enum Readers {
        /** 0600: keys, tokens, anything secret or private to the engine. */
        OWNER_ONLY("rw-------"),
        /** 0644: certificates and other public files clients copy. */
        EVERYONE("rw-r--r--");

        private final String permissions;

        Readers(String permissions) {
            this.permissions = permissions;
        }
    }

    private AtomicFile() {
    }

    /** Replaces {@code file} with {@code content}; its folder must exist. */
    public static void replace(Path file, byte[] content, Readers readers) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = isPosix(dir);
        // the temporary file carries its final permissions from its creation, before anything is written in it
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(readers.permissions))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".partial", attributes);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        if (posix) {
            // the rename itself is durable only once the folder's entry is on disk
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
            }
        }
    }

    /** Whether {@code dir}'s file system keeps POSIX permissions. */
    public static boolean isPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
