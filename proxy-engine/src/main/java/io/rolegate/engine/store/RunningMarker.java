package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a clean stop from a crash: an engine writes {@value #FILE_NAME} into its data directory when it starts and
 * removes it when it has stopped cleanly. Found at start, the previous engine was killed (kill -9, out of memory, the
 * machine went down) while running: the engine then says so and reconciles every managed role it finds.
 * The data directory lock cannot tell this: its file stays after a clean stop too.
 */
public final class RunningMarker {
    public static final String FILE_NAME = "rolegate.running";

    private RunningMarker() {
    }

    /** Marks {@code dataDir} as held by a running engine; true when the previous engine did not stop cleanly. */
    public static boolean markRunning(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        boolean unclean = Files.exists(file);
        try {
            Files.writeString(file, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return unclean;
    }

    /** The engine stopped cleanly: the next start is not a recovery. */
    public static void markStopped(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new StoreException("cannot remove " + dataDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }
}
