package io.rolegate.engine.api;

import java.nio.file.Path;

/** Where the engine keeps its files when nobody says otherwise. */
public final class EngineFiles {
    private EngineFiles() {
    }

    /** {@code $ROLEGATE_DATA_DIR}, else {@code ~/.rolegate}. */
    public static Path defaultDataDir() {
        String env = System.getenv("ROLEGATE_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".rolegate");
    }
}
