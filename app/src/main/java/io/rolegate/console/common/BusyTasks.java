package io.rolegate.console.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Background tasks of one view, counted so the view can show progress while any of them runs. The count only
 * changes in the callbacks, which run on the UI thread. Carries the views' one shape of a background call
 * ({@link #run}) and of an export to a file the person chose ({@link #writeFile}).
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

    /** Writes an export into the file's writer; answers how many things (records, lines) it wrote. */
    public interface FileWrite {
        long write(Writer out) throws Exception;
    }

    /**
     * Writes {@code file} off the UI thread: {@code said} hears "Exporting to FILE…" now, then {@code done}'s words;
     * a failure says "Export failed.", shows {@code what} and why in a dialog, and leaves no half-written file behind
     * (it would look complete to whoever opens it later).
     *
     * @param what what is done, for the dialog's title: "Export the audit history"
     */
    public void writeFile(String what, Path file, FileWrite write, LongFunction<String> done, Consumer<String> said,
                          DialogService dialogs) {
        said.accept("Exporting to " + file + "…");
        run(what.toLowerCase(java.util.Locale.ROOT), () -> {
            try (Writer out = Files.newBufferedWriter(file)) {
                return write.write(out);
            } catch (Exception e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }, n -> said.accept(done.apply(n)), e -> {
            said.accept("Export failed.");
            dialogs.showError(what + " to " + file, e.getMessage());
        });
    }

    private void finished() {
        running--;
        busy.set(running > 0);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
