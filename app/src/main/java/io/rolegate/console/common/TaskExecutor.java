package io.rolegate.console.common;

/**
 * The console's one way to leave and re-enter the UI thread. Production uses {@link FxTaskExecutor}; view-model
 * tests use {@link SameThreadTaskExecutor} so they run without a JavaFX toolkit.
 */
public interface TaskExecutor extends AutoCloseable {
    <T> void execute(BackgroundTask<T> task);

    /** Runs {@code action} on the UI thread (later, from a background thread; the FX thread itself may run it now). */
    void runOnUi(Runnable action);

    @Override
    void close();
}
