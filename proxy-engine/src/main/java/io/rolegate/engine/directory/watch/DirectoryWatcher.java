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

    /**
     * Asks every {@code pollInterval} from now on without reconnecting, so the watcher keeps its place in the
     * directory's change stream. False when it cannot (then build a new watcher); a push watcher takes it and goes
     * on as before, since it only polls after falling back.
     */
    default boolean retune(java.time.Duration pollInterval) {
        return false;
    }

    @Override
    default void close() {
        stop();
    }
}
