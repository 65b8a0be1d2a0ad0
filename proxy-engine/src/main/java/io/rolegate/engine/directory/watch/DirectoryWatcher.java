package io.rolegate.engine.directory.watch;

/**
 * Follows directory changes under the watched bases and reports them to a {@link ChangeListener}. Each watcher owns
 * one named daemon thread; {@link #stop()} ends it (bounded wait) and closes its connection.
 */
public interface DirectoryWatcher extends AutoCloseable {

    /** Starts the watcher thread; returns at once (connecting happens in the background). Idempotent. */
    void start();

    /** Stops watching, closes the connection and waits (bounded) for the thread to end. Idempotent. */
    void stop();

    WatchHealth health();

    @Override
    default void close() {
        stop();
    }
}
