package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells whether an engine holds a data directory right now, without opening the store: commands use it to say
 * "a running engine holds this" rather than relay a database error.
 */
public final class DataDirectoryProbe {
    private DataDirectoryProbe() {
    }

    /** True when another engine (in this process or another) holds the directory's lock at this moment. */
    public static boolean heldByAnEngine(Path dataDir) {
        Path file = dataDir.resolve(DataDirectoryLock.FILE_NAME);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new StoreException("cannot check the lock file " + file + ": " + e.getMessage(), e);
        }
    }
}
