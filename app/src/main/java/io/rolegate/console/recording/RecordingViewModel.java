package io.rolegate.console.recording;

import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.BusyTasks;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.FileType;
import io.rolegate.console.common.Formats;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * State and decisions of Sessions ▸ History ▸ Recording: the search (user, role, table text, SQLSTATE), the
 * recordings found, the selected one's timeline, and its export. Every engine call runs in the background; the
 * engine refuses a console user who is no auditor, and that refusal is shown in the view rather than as a dialog
 * at each click.
 */
public final class RecordingViewModel {
    static final FileType JSONL = FileType.of("JSON Lines (SIEM, jq)", "jsonl");
    /** Recordings listed per search: the newest; a narrower search finds older ones. */
    static final int LIMIT = 500;

    private final RecordingGateway engine;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty role = new SimpleStringProperty("");
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty sqlState = new SimpleStringProperty("");
    private final ObservableList<Recording> recordings = FXCollections.observableArrayList();
    private final ObjectProperty<Recording> selected = new SimpleObjectProperty<>();
    private final ObservableList<RecordedStatement> timeline = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Search to list recorded sessions.");
    private final ReadOnlyStringWrapper timelineSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastAction = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    /** Exports to files: Export waits while one runs. */
    private final BusyTasks exports;
    /** Which load the timeline shows: a slow answer for a recording no longer selected is thrown away. */
    private long timelineFor;

    public RecordingViewModel(RecordingGateway engine, TaskExecutor executor, DialogService dialogs) {
        this.engine = engine;
        this.executor = executor;
        this.dialogs = dialogs;
        this.exports = new BusyTasks(executor);
        selected.addListener((o, was, is) -> loadTimeline());
    }

    /** Lists the recordings matching the search fields, newest first. */
    public void search() {
        RecordingQuery q;
        try {
            q = RecordingQuery.all().user(user.get()).role(role.get()).text(text.get()).sqlState(sqlState.get())
                    .limit(LIMIT);
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return;
        }
        problem.set("");
        busy.set(true);
        Long keep = selected.get() == null ? null : selected.get().id();
        BackgroundTask.of("search the session recordings", () -> engine.search(q))
                .onSuccess(found -> {
                    busy.set(false);
                    recordings.setAll(found);
                    summary.set(found.isEmpty() ? "No recorded session matches." : Formats.count(found.size())
                            + (found.size() == 1 ? " recorded session" : " recorded sessions")
                            + (found.size() == LIMIT ? " (the newest " + LIMIT + "; narrow the search for older ones)"
                            : ""));
                    selected.set(found.stream().filter(r -> keep != null && r.id() == keep).findFirst()
                            .orElse(null));
                })
                .onFailure(this::failed)
                .executeWith(executor);
    }

    /** Reads the selected recording's statements again (a live session keeps adding to them). */
    public void refreshTimeline() {
        loadTimeline();
    }

    private void loadTimeline() {
        Recording r = selected.get();
        long token = ++timelineFor;
        timeline.clear();
        if (r == null) {
            timelineSummary.set("");
            return;
        }
        timelineSummary.set("Loading the statements of session #" + r.sessionId() + "…");
        BackgroundTask.of("read the statements of recording " + r.id(), () -> engine.statements(r.id()))
                .onSuccess(statements -> {
                    if (token != timelineFor) {
                        return;
                    }
                    timeline.setAll(statements);
                    timelineSummary.set(Timeline.summary(r, statements));
                })
                .onFailure(e -> {
                    if (token == timelineFor) {
                        timelineSummary.set("");
                        failed(e);
                    }
                })
                .executeWith(executor);
    }

    /**
     * Asks for a file and writes the selected recording to it as JSON Lines, off the JavaFX thread; a failed export
     * (a stream the engine cut, a full disk) says so in words and leaves no file ({@link BusyTasks#writeFile}).
     */
    public void export() {
        Recording r = selected.get();
        if (r == null || busy.get() || exports.busyProperty().get()) {
            return;
        }
        String suggested = "rolegate-recording-" + r.id() + "-" + r.user() + ".jsonl";
        Optional<Path> chosen = dialogs.chooseFileToSave("Export the recording", suggested, List.of(JSONL));
        if (chosen.isEmpty()) {
            return;
        }
        Path file = chosen.get();
        exports.writeFile("Export the recording", file, out -> engine.export(r.id(), out),
                n -> "Exported " + Formats.count(n) + (n == 1 ? " statement" : " statements") + " of session #"
                        + r.sessionId() + " to " + file, lastAction::set, dialogs);
    }

    /** A refusal (no auditor) is a state of the view; anything else is an error for the dialog. */
    private void failed(Exception e) {
        busy.set(false);
        if (e instanceof PermissionDenied) {
            recordings.clear();
            problem.set(e.getMessage());
            summary.set("Recordings are shown to members of console.auditorGroup.");
        } else {
            dialogs.showError("Read the session recordings", e.getMessage());
        }
    }

    public StringProperty userProperty() { return user; }
    public StringProperty roleProperty() { return role; }
    public StringProperty textProperty() { return text; }
    public StringProperty sqlStateProperty() { return sqlState; }
    public ObservableList<Recording> recordings() { return recordings; }
    public ObjectProperty<Recording> selectedProperty() { return selected; }
    public ObservableList<RecordedStatement> timeline() { return timeline; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty timelineSummaryProperty() { return timelineSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty lastActionProperty() { return lastAction.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    /** An export to a file runs. */
    public ReadOnlyBooleanProperty exportingProperty() { return exports.busyProperty(); }
}
