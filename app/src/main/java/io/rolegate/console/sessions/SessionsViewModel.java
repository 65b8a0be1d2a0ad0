package io.rolegate.console.sessions;

import io.rolegate.console.common.BusyTasks;
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
import java.util.List;
import java.util.Map;

/**
 * State and decisions of the sessions view: the live rows of every node of the fleet (this node's from the feed,
 * the others' read in the background, or every node's from an attached engine's feed), filter, order, selection,
 * disconnect and cancel routed to the node a session lives on.
 */
public final class SessionsViewModel {
    /** How long an ended session stays in the table so the DBA sees it go; a selected one stays until deselected. */
    public static final Duration ENDED_VISIBLE = Duration.ofSeconds(5);
    /** The end reason of a session that simply left the engine's list. */
    public static final String NOT_LISTED = "ended";
    /** The state of a session blocked behind another backend's lock, as the upstream tells it. */
    public static final String WAITING = "waiting";

    private final SessionActions actions;
    private final SessionCommands commands;
    private final BusyTasks tasks;
    private final FleetNodes nodes = new FleetNodes();

    private final Map<SessionRow.Key, SessionRow> byId = new HashMap<>();
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
    private final ObservableList<DetailLine> details = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("No sessions yet");
    private SessionCount count = new SessionCount(0, 1, 0);
    private final ReadOnlyStringWrapper lastAction = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper upstreamProblem = new ReadOnlyStringWrapper("");

    public SessionsViewModel(SessionActions actions, TaskExecutor executor, DialogService dialogs) {
        this.actions = actions;
        this.tasks = new BusyTasks(executor);
        this.commands = new SessionCommands(actions, executor, tasks, dialogs, lastAction::set, this::refreshSelection);
        filtered.predicateProperty().bind(Bindings.createObjectBinding(
                () -> SessionFilter.of(filterText.get(), stateFilter.get(), nodes.filterProperty().get()), filterText,
                stateFilter, nodes.filterProperty()));
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

    /**
     * As {@link #update(List, Instant)}, with the upstream's facts about this node's sessions (pg_stat_activity).
     * {@code live} holds this node's sessions (in-process) or every node's (attached); the other nodes' are read in
     * the background meanwhile and join at the next update.
     */
    public void update(List<SessionSnapshot> live, UpstreamActivity upstream, Instant now) {
        readOtherNodes();
        String here = actions.node();
        upstreamProblem.set(String.join(" ", java.util.stream.Stream.of(upstream.problem() == null ? null
                : "Upstream facts unavailable: " + upstream.problem(), nodes.problem())
                .filter(p -> p != null && !p.isEmpty()).toList()));
        Map<SessionRow.Key, SessionSnapshot> all = new java.util.LinkedHashMap<>();
        live.forEach(s -> all.put(SessionRow.Key.of(s), s));
        nodes.others().forEach(s -> all.putIfAbsent(SessionRow.Key.of(s), s));
        List<SessionSnapshot> arrived = new java.util.ArrayList<>();
        for (SessionSnapshot s : all.values()) {
            SessionRow row = byId.get(SessionRow.Key.of(s));
            if (row == null) {
                arrived.add(s);
            } else {
                row.update(s, facts(row, upstream), now);
            }
        }
        arrived.sort(SessionFilter.OLDEST_FIRST);
        List<SessionRow> added = new java.util.ArrayList<>();
        for (SessionSnapshot s : arrived) {
            SessionRow row = new SessionRow(s, now, arrivals++, FleetNodes.local(s, here));
            row.update(s, facts(row, upstream), now);
            byId.put(row.key(), row);
            added.add(row);
        }
        List<SessionRow> gone = new java.util.ArrayList<>();
        for (SessionRow row : List.copyOf(rows)) {
            if (!all.containsKey(row.key())) {
                row.markEnded(now, NOT_LISTED);
            }
            // the selected row stays (shown as ended) until the person selects another
            if (row.isEnded() && row != selected.get() && !row.end().at().plus(ENDED_VISIBLE).isAfter(now)) {
                byId.remove(row.key());
                gone.add(row);
            }
        }
        if (!gone.isEmpty()) {
            rows.removeAll(gone);
        }
        if (!added.isEmpty()) {
            rows.addAll(added);
        }
        nodes.seen(here, rows);
        refreshSelection();
        refreshSummary();
    }

    /** The upstream's facts are this node's: a session id of another node names another backend. */
    private static io.rolegate.engine.api.model.SessionActivityFacts facts(SessionRow row, UpstreamActivity upstream) {
        return row.local() ? upstream.of(row.id()).orElse(null) : null;
    }

    /** One read of the other nodes' sessions at a time, in the background; its answer joins the next update. */
    private void readOtherNodes() {
        if (nodes.reading()) {
            return;
        }
        nodes.reading(true);
        tasks.run("read the other nodes' sessions", actions::otherNodes, nodes::read, nodes::failed);
    }

    /** Asks for a reason, then ends the selected session (of whichever node) with FATAL 57P01 carrying it. */
    public void disconnectSelected() {
        SessionRow row = selected.get();
        if (row != null && !row.isEnded()) {
            commands.disconnect(row);
        }
    }

    void disconnect(SessionRow row, String reason) {
        commands.disconnect(row, reason);
    }

    /** Asks the server to cancel the selected session's running query, as pg_cancel_backend would. */
    public void cancelSelectedQuery() {
        SessionRow row = selected.get();
        if (row != null && !row.isEnded()) {
            commands.cancelQuery(row);
        }
    }

    /**
     * Starts a protocol trace of the selected live session of this node in the background (the engine checks that
     * this login is an auditor, and audits the start) and opens its window.
     */
    public void traceSelected() {
        SessionRow row = selected.get();
        if (row != null && !row.isEnded() && row.local()) {
            commands.trace(row);
        }
    }

    public void onTraceStarted(java.util.function.Consumer<TraceViewModel> opener) {
        commands.onTraceStarted(opener);
    }

    private void refreshSelection() {
        // the table clears its selection when a row leaves; until then a removed row shows nothing
        SessionRow row = selected.get() != null && byId.get(selected.get().key()) == selected.get() ? selected.get()
                : null;
        selectedIsLive.set(row != null && !row.isEnded());
        // a read-only login sees the buttons greyed out with the reason, instead of a refusal after clicking
        java.util.Optional<String> refusal = actions.refusal();
        whyNoActions.set(refusal.orElse(""));
        mayActOnSelected.set(selectedIsLive.get() && refusal.isEmpty());
        java.util.Optional<String> noTrace = actions.traceRefusal();
        if (noTrace.isEmpty() && row != null && !row.local()) {
            noTrace = java.util.Optional.of("Session #" + row.id() + " lives on node " + row.node() + ": a trace runs"
                    + " on the node of the session; attach the console to " + row.node() + " to trace it.");
        }
        mayTraceSelected.set(selectedIsLive.get() && noTrace.isEmpty());
        whyNoTrace.set(noTrace.orElse(selectedIsLive.get() ? "" : "Select a live session to trace it."));
        details.setAll(row == null ? List.of() : SessionDetails.of(row));
    }

    private void refreshSummary() {
        long live = rows.stream().filter(r -> !r.isEnded()).count();
        long active = rows.stream().filter(r -> !r.isEnded() && r.snapshot().state() == SessionActivity.ACTIVE).count();
        String shown = filtered.size() == rows.size() ? "" : " · " + filtered.size() + " shown";
        summary.set(live + (live == 1 ? " session" : " sessions") + nodes.summary() + " · " + active + " active"
                + shown);
        count = new SessionCount(live, nodes.count(), rows.stream().filter(r -> !r.isEnded() && r.local()).count());
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

    /** The fleet's nodes as the view shows them: the node filter, its choices, whether there are several. */
    public FleetNodes nodes() {
        return nodes;
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

    /** The live sessions listed at the last update, on how many nodes, how many on this node: for the status bar. */
    public SessionCount count() {
        return count;
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
