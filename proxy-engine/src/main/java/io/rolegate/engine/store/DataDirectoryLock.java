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
 * Exclusive hold on a data directory. H2's own file lock only guards against other processes: inside one JVM a
 * second open of the same file silently shares the database. An OS lock on a separate file refuses both cases with
 * the same readable message.
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "rolegate.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("cannot create the lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietlyAfter(channel, e);
            throw new StoreException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietlyAfter(channel, null);
            throw inUse(dataDir);
        }
        return new DataDirectoryLock(channel, lock);
    }

    /**
     * True when an engine holds {@code dataDir} now (this process or another); false when nothing does, or the
     * directory never held an engine's data.
     */
    static boolean held(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
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
        }
    }

    static StoreException inUse(Path dataDir) {
        return new StoreException("the data directory " + dataDir + " is in use by another Rolegate engine "
                + "(or another program holding its database); stop that engine, or run the command through it");
    }

    private static void closeQuietlyAfter(FileChannel channel, Exception primary) {
        try {
            channel.close();
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                throw new StoreException("cannot close the lock file: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
