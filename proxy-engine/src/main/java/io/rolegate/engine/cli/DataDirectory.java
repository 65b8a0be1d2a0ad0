package io.rolegate.engine.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Function;

/** Where the engine keeps its state (the embedded store, a generated TLS certificate). */
final class DataDirectory {
    static final String ENV_VAR = "ROLEGATE_DATA_DIR";

    private DataDirectory() {
    }

    /** {@code --data-dir}, else {@code $ROLEGATE_DATA_DIR}, else {@code ~/.rolegate}. */
    static Path choose(Optional<String> option, Function<String, String> environment, Path home) {
        if (option.isPresent()) {
            return Path.of(option.get()).toAbsolutePath();
        }
        String fromEnv = environment.apply(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        return home.resolve(".rolegate").toAbsolutePath();
    }

    /**
     * Creates the folder when missing, readable by this user only where the file system knows POSIX permissions:
     * it will hold the store's secrets. An existing folder keeps the permissions its owner gave it.
     */
    static Path ensureExists(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (Files.exists(dir)) {
            throw new IOException(dir + " exists and is not a directory");
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        return dir;
    }
}
