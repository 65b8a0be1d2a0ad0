package io.rolegate.console.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Background tasks of one view, counted so the view can show progress while any of them runs. The count only
 * changes in the callbacks, which run on the UI thread.
 */
public final class BusyTasks {
    private final TaskExecutor executor;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private int running;

    public BusyTasks(TaskExecutor executor) {
        this.executor = executor;
    }

    /** Runs {@code work} off the UI thread; then {@code done} or {@code failed} on it. */
    public <T> void run(String what, Callable<T> work, Consumer<T> done, Consumer<Exception> failed) {
        running++;
        busy.set(true);
        BackgroundTask.of(what, work)
                // the outcome shows before the progress goes: whoever waits for "not busy" then sees the result
                .onSuccess(result -> {
                    try {
                        done.accept(result);
                    } finally {
                        finished();
                    }
                })
                .onFailure(e -> {
                    try {
                        failed.accept(e);
                    } finally {
                        finished();
                    }
                })
                .executeWith(executor);
    }

    private void finished() {
        running--;
        busy.set(running > 0);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
