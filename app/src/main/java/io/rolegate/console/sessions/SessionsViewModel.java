package io.rolegate.console.sessions;

import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.UpstreamActivity;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
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
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** State and decisions of the sessions view: the live rows, filter, order, selection, disconnect and cancel. */
public final class SessionsViewModel {
    /** How long an ended session stays in the table so the DBA sees it go; a selected one stays until deselected. */
    public static final Duration ENDED_VISIBLE = Duration.ofSeconds(5);
    /** The end reason of a session that simply left the engine's list. */
    public static final String NOT_LISTED = "ended";
    /** The state of a session blocked behind another backend's lock, as the upstream tells it. */
    public static final String WAITING = "waiting";

    private final SessionActions actions;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final Map<Long, SessionRow> byId = new HashMap<>();
    private long arrivals;
    // the extractor makes a row's in-place change re-run the filter and the sort
    private final ObservableList<SessionRow> rows =
            FXCollections.observableArrayList(r -> new Observable[]{r.snapshotProperty(), r.endProperty()});
    private final FilteredList<SessionRow> filtered = new FilteredList<>(rows);
    private final SortedList<SessionRow> sorted = new SortedList<>(filtered, SessionFilter.DEFAULT_ORDER);
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ObjectProperty<String> stateFilter = new SimpleObjectProperty<>(SessionFilter.ALL_STATES);
    private final ObservableList<String> stateChoices = FXCollections.observableArrayList(SessionFilter.ALL_STATES,
            SessionActivity.ACTIVE.label(), WAITING, SessionActivity.IDLE.label(),
            SessionActivity.IDLE_IN_TRANSACTION.label(),
            SessionActivity.IDLE_IN_FAILED_TRANSACTION.label(), SessionFilter.ENDED);
    private final ObjectProperty<Comparator<SessionRow>> columnOrder = new SimpleObjectProperty<>();
    private final ObjectProperty<SessionRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper selectedIsLive = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper mayActOnSelected = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper whyNoActions = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper mayTraceSelected = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper whyNoTrace = new ReadOnlyStringWrapper("");
    /** Opens a trace window (set by the view); a started trace is handed to it on the JavaFX thread. */
    private java.util.function.Consumer<TraceViewModel> traceOpener = t -> { };
    private final ObservableList<DetailLine> details = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("No sessions yet");
    private final ReadOnlyStringWrapper lastAction = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper upstreamProblem = new ReadOnlyStringWrapper("");

    public SessionsViewModel(SessionActions actions, TaskExecutor executor, DialogService dialogs) {
        this.actions = actions;
        this.executor = executor;
        this.dialogs = dialogs;
        filtered.predicateProperty().bind(Bindings.createObjectBinding(
                () -> SessionFilter.of(filterText.get(), stateFilter.get()), filterText, stateFilter));
        // a column sort from the table wins; equal rows keep the default order so they do not jump each second
        sorted.comparatorProperty().bind(Bindings.createObjectBinding(() -> columnOrder.get() == null
                ? SessionFilter.DEFAULT_ORDER : columnOrder.get().thenComparing(SessionFilter.DEFAULT_ORDER),
                columnOrder));
        selected.addListener((o, old, row) -> refreshSelection());
        filtered.addListener((javafx.collections.ListChangeListener<SessionRow>) c -> refreshSummary());
    }

    /**
     * Applies one snapshot of the live sessions taken at {@code now}. Rows change in place and new sessions are
     * appended, so neither the order nor the selection moves; an ended session stays while it is selected.
     */
    public void update(List<SessionSnapshot> live, Instant now) {
        update(live, UpstreamActivity.NONE, now);
    }

    /** As {@link #update(List, Instant)}, with the upstream's facts about the sessions (pg_stat_activity). */
    public void update(List<SessionSnapshot> live, UpstreamActivity upstream, Instant now) {
        upstreamProblem.set(upstream.problem() == null ? "" : "Upstream facts unavailable: " + upstream.problem());
        Set<Long> seen = new HashSet<>();
        List<SessionSnapshot> arrived = new java.util.ArrayList<>();
        for (SessionSnapshot s : live) {
            seen.add(s.id());
            SessionRow row = byId.get(s.id());
            if (row == null) {
                arrived.add(s);
            } else {
                row.update(s, upstream.of(s.id()).orElse(null), now);
            }
        }
        arrived.sort(SessionFilter.OLDEST_FIRST);
        List<SessionRow> added = new java.util.ArrayList<>();
        for (SessionSnapshot s : arrived) {
            SessionRow row = new SessionRow(s, now, arrivals++);
            row.update(s, upstream.of(s.id()).orElse(null), now);
            byId.put(s.id(), row);
            added.add(row);
        }
        List<SessionRow> gone = new java.util.ArrayList<>();
        for (SessionRow row : List.copyOf(rows)) {
            if (!seen.contains(row.id())) {
                row.markEnded(now, NOT_LISTED);
            }
            // the selected row stays (shown as ended) until the person selects another
            if (row.isEnded() && row != selected.get() && !row.end().at().plus(ENDED_VISIBLE).isAfter(now)) {
                byId.remove(row.id());
                gone.add(row);
            }
        }
        if (!gone.isEmpty()) {
            rows.removeAll(gone);
        }
        if (!added.isEmpty()) {
            rows.addAll(added);
        }
        refreshSelection();
        refreshSummary();
    }

    /** Asks for a reason, then ends the selected session with FATAL 57P01 carrying it. */
    public void disconnectSelected() {
        SessionRow row = selected.get();
        if (row == null || row.isEnded()) {
            return;
        }
        if (refused("Disconnect session #" + row.id())) {
            return;
        }
        SessionSnapshot s = row.snapshot();
        String who = "session #" + s.id() + " (" + s.user() + " on " + s.database() + " from "
                + io.rolegate.console.common.Formats.address(s.clientAddress()) + ")";
        dialogs.askForReason("Disconnect " + who + "?",
                        "The client receives FATAL 57P01 with this reason, and its open transaction rolls back.",
                        "Disconnect", DisconnectReasons::problem)
                .ifPresent(reason -> disconnect(row, reason));
    }

    void disconnect(SessionRow row, String reason) {
        if (DisconnectReasons.problem(reason).isPresent()) {
            throw new IllegalArgumentException("a disconnect needs a valid reason");
        }
        String r = reason.strip();
        BackgroundTask.of("disconnect session #" + row.id(), () -> actions.disconnect(row.id(), r))
                .onSuccess(done -> {
                    if (done) {
                        row.markEnded(Instant.now(), "disconnected by you: " + r);
                        lastAction.set("Disconnected session #" + row.id() + ".");
                        refreshSelection();
                    } else {
                        dialogs.showError("Disconnect session #" + row.id(),
                                "The session had already ended before the disconnect reached it.");
                    }
                })
                .onFailure(e -> dialogs.showError("Disconnect session #" + row.id(), e.getMessage()))
                .executeWith(executor);
    }

    /** Asks the server to cancel the selected session's running query, as pg_cancel_backend would. */
    public void cancelSelectedQuery() {
        SessionRow row = selected.get();
        if (row == null || row.isEnded()) {
            return;
        }
        long id = row.id();
        if (refused("Cancel the query of session #" + id)) {
            return;
        }
        // the rows move every second: the question names the session, so the person cancels what they meant
        SessionSnapshot s = row.snapshot();
        if (!dialogs.confirm("Cancel the running query of session #" + id + "?",
                "Session #" + id + ": " + s.user() + " on " + s.database() + " from "
                        + io.rolegate.console.common.Formats.address(s.clientAddress())
                        + ". Its current statement fails with SQLSTATE 57014; the session stays connected.",
                "Cancel query")) {
            return;
        }
        BackgroundTask.of("cancel the query of session #" + id, () -> actions.cancelQuery(id).get(10, TimeUnit.SECONDS))
                .onSuccess(sent -> lastAction.set(sent
                        ? "Cancel request sent for session #" + id + "; its client sees SQLSTATE 57014."
                        : "Session #" + id + " was not running a query; nothing to cancel."))
                .onFailure(e -> dialogs.showError("Cancel the query of session #" + id,
                        "The cancel request did not reach the server: " + e.getMessage()))
                .executeWith(executor);
    }

    /**
     * Starts a protocol trace of the selected live session in the background (the engine checks that this login is
     * an auditor, and audits the start) and opens its window.
     */
    public void traceSelected() {
        SessionRow row = selected.get();
        if (row == null || row.isEnded()) {
            return;
        }
        long id = row.id();
        java.util.Optional<String> refusal = actions.traceRefusal();
        if (refusal.isPresent()) {
            dialogs.showError("Trace session #" + id, refusal.get());
            return;
        }
        BackgroundTask.of("trace session #" + id, () -> actions.trace(id))
                .onSuccess(feed -> {
                    lastAction.set("Tracing session #" + id + ".");
                    traceOpener.accept(new TraceViewModel(feed, executor, dialogs));
                })
                .onFailure(e -> dialogs.showError("Trace session #" + id, e.getMessage()))
                .executeWith(executor);
    }

    public void onTraceStarted(java.util.function.Consumer<TraceViewModel> opener) {
        this.traceOpener = opener;
    }

    /** A read-only login is told so before being asked for a reason it could not use. */
    private boolean refused(String what) {
        java.util.Optional<String> refusal = actions.refusal();
        refusal.ifPresent(why -> dialogs.showError(what, why));
        return refusal.isPresent();
    }

    private void refreshSelection() {
        // the table clears its selection when a row leaves; until then a removed row shows nothing
        SessionRow row = selected.get() != null && byId.containsKey(selected.get().id()) ? selected.get() : null;
        selectedIsLive.set(row != null && !row.isEnded());
        // a read-only login sees the buttons greyed out with the reason, instead of a refusal after clicking
        java.util.Optional<String> refusal = actions.refusal();
        whyNoActions.set(refusal.orElse(""));
        mayActOnSelected.set(selectedIsLive.get() && refusal.isEmpty());
        java.util.Optional<String> noTrace = actions.traceRefusal();
        mayTraceSelected.set(selectedIsLive.get() && noTrace.isEmpty());
        whyNoTrace.set(noTrace.orElse(selectedIsLive.get() ? "" : "Select a live session to trace it."));
        details.setAll(row == null ? List.of() : SessionDetails.of(row));
    }

    private void refreshSummary() {
        long live = rows.stream().filter(r -> !r.isEnded()).count();
        long active = rows.stream().filter(r -> !r.isEnded() && r.snapshot().state() == SessionActivity.ACTIVE).count();
        String shown = filtered.size() == rows.size() ? "" : " · " + filtered.size() + " shown";
        summary.set(live + (live == 1 ? " session" : " sessions") + " · " + active + " active" + shown);
    }

    public SortedList<SessionRow> rows() {
        return sorted;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<String> stateFilterProperty() {
        return stateFilter;
    }

    public ObservableList<String> stateChoices() {
        return stateChoices;
    }

    /** Bound to the table's column comparator; null or a no-op comparator means the default order. */
    public ObjectProperty<Comparator<SessionRow>> columnOrderProperty() {
        return columnOrder;
    }

    public ObjectProperty<SessionRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty selectedIsLiveProperty() {
        return selectedIsLive.getReadOnlyProperty();
    }

    public ObservableList<DetailLine> details() {
        return details;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the upstream's facts (query, wait event, blockers) are missing, for a line under the table; else "". */
    public ReadOnlyStringProperty upstreamProblemProperty() {
        return upstreamProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastActionProperty() {
        return lastAction.getReadOnlyProperty();
    }

    /** Disconnect and Cancel query are enabled: a live session is selected and the login may act on it. */
    public ReadOnlyBooleanProperty mayActOnSelectedProperty() {
        return mayActOnSelected.getReadOnlyProperty();
    }

    /** Trace is enabled: a live session is selected and the login is a console auditor. */
    public ReadOnlyBooleanProperty mayTraceSelectedProperty() {
        return mayTraceSelected.getReadOnlyProperty();
    }

    /** Why Trace stays disabled (no live session selected, or not an auditor), for its tooltip; else empty. */
    public ReadOnlyStringProperty whyNoTraceProperty() {
        return whyNoTrace.getReadOnlyProperty();
    }

    /** Why Disconnect and Cancel query stay disabled for this login (read-only), for their tooltip; else empty. */
    public ReadOnlyStringProperty whyNoActionsProperty() {
        return whyNoActions.getReadOnlyProperty();
    }
}
