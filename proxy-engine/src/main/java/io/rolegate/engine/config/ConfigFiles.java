package io.rolegate.engine.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Checks that a file named in the configuration can be used, at load time rather than at first connection. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** Empty when the file exists, is a regular file and this user can read it; else the reason in plain words. */
    static Optional<String> whyUnusable(Path p) {
        if (!Files.exists(p)) {
            return Optional.of("file not found: " + p);
        }
        if (!Files.isRegularFile(p)) {
            return Optional.of("not a regular file: " + p);
        }
        if (!Files.isReadable(p)) {
            return Optional.of("file not readable by this user: " + p);
        }
        return Optional.empty();
    }
}
