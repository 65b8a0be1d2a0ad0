package io.rolegate.console.sessions;

import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.BusyTasks;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.FileType;
import io.rolegate.console.common.Formats;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;

/**
 * The trace window's state: the lines of one session's protocol trace as they arrive (polled in the background,
 * appended on the JavaFX thread), whether it runs, Stop and Export. Every engine call runs on the executor.
 */
public final class TraceViewModel {
    /** Lines the window shows at most; older ones leave the table (the engine's buffer and the export keep theirs). */
    public static final int SHOWN = 20_000;
    static final List<FileType> JSON_LINES = List.of(FileType.of("JSON Lines", "jsonl"));

    private final TraceFeed feed;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final ObservableList<TraceMessage> lines = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting…");
    private final ReadOnlyStringWrapper lastAction = new ReadOnlyStringWrapper("");
    private final BusyTasks exports;
    private long lastSeq;
    private boolean polling;

    public TraceViewModel(TraceFeed feed, TaskExecutor executor, DialogService dialogs) {
        this.feed = feed;
        this.executor = executor;
        this.dialogs = dialogs;
        this.exports = new BusyTasks(executor);
    }

    public String title() {
        return "Protocol trace · session #" + feed.sessionId();
    }

    /**
     * Fetches new lines and the status in the background; one fetch at a time. Call from the JavaFX thread, while
     * {@link #runningProperty()} holds (a stopped trace fetches its last lines by itself).
     */
    public void poll() {
        if (polling) {
            return;
        }
        polling = true;
        long after = lastSeq;
        BackgroundTask.of("read the trace of session #" + feed.sessionId(), () -> {
                    TraceStatus st = feed.status(); // first: once it says stopped, the lines read next are all
                    return new Page(feed.after(after), st);
                })
                .onSuccess(page -> {
                    polling = false;
                    show(page);
                })
                .onFailure(e -> {
                    polling = false;
                    running.set(false);
                    status.set("Cannot read the trace: " + e.getMessage());
                })
                .executeWith(executor);
    }

    private record Page(List<TraceMessage> lines, TraceStatus status) {
    }

    private void show(Page page) {
        if (!page.lines().isEmpty()) {
            lastSeq = page.lines().get(page.lines().size() - 1).seq();
            lines.addAll(page.lines());
            if (lines.size() > SHOWN) {
                lines.remove(0, lines.size() - SHOWN);
            }
        }
        TraceStatus s = page.status();
        running.set(s.running());
        if (!s.running() && !page.lines().isEmpty()) {
            poll(); // stopped: fetch what is left, page by page, then the window stops asking
        }
        status.set((s.running() ? "Tracing" : "Stopped: " + s.stopReason()) + " · " + s.traced() + " lines"
                + (s.dropped() == 0 ? "" : " · " + s.dropped() + " oldest dropped (buffer full)")
                + " · started by " + s.startedBy());
    }

    /** Stops the trace; the lines stay for reading and export. */
    public void stop() {
        if (!running.get()) {
            return;
        }
        BackgroundTask.of("stop the trace of session #" + feed.sessionId(), () -> {
                    feed.stop();
                    return null;
                })
                .onSuccess(nothing -> {
                    lastAction.set("Trace stopped.");
                    poll();
                })
                .onFailure(e -> dialogs.showError("Stop the trace of session #" + feed.sessionId(), e.getMessage()))
                .executeWith(executor);
    }

    /** Asks where, then writes the trace as JSON Lines in the background. */
    public void export() {
        dialogs.chooseFileToSave("Export the trace of session #" + feed.sessionId(),
                "session-" + feed.sessionId() + "-trace.jsonl", JSON_LINES).ifPresent(this::exportTo);
    }

    /**
     * Writes the trace to {@code file} off the JavaFX thread; a failed export (a stream the engine cut, a full disk)
     * says so in words and leaves no file ({@link BusyTasks#writeFile}). One export at a time.
     */
    void exportTo(Path file) {
        if (exports.busyProperty().get()) {
            return;
        }
        exports.writeFile("Export the trace of session #" + feed.sessionId(), file, feed::export,
                n -> "Exported " + Formats.count(n) + (n == 1 ? " line" : " lines") + " to " + file + ".",
                lastAction::set, dialogs);
    }

    /** An export to a file runs (Export waits). */
    public ReadOnlyBooleanProperty exportingProperty() {
        return exports.busyProperty();
    }

    public ObservableList<TraceMessage> lines() {
        return lines;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastActionProperty() {
        return lastAction.getReadOnlyProperty();
    }
}
