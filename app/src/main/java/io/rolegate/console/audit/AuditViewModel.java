package io.rolegate.console.audit;

import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.BusyTasks;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.FileType;
import io.rolegate.console.common.Formats;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.sessions.DetailLine;
import io.rolegate.engine.api.AuditHistory;
import io.rolegate.engine.api.EngineAudit;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.AuditRecord;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The audit history view: filters, a newest-first list loaded a page at a time (so a log of 100,000 records opens
 * as fast as one of 100), the selected record's detail, the chain verification status and export. Store reads run
 * in the background; a result that arrives after the filter changed again is dropped.
 */
public final class AuditViewModel {
    public static final int PAGE_SIZE = 500;
    static final FileType CSV = FileType.of("CSV (spreadsheets)", "csv");
    static final FileType JSONL = FileType.of("JSON Lines (SIEM, jq)", "jsonl");

    /** Where the hash-chain check stands. */
    public enum ChainState { UNCHECKED, CHECKING, INTACT, BROKEN, FAILED }

    private record Page(List<AuditRecord> records, long matching, long newest) { }

    private final AuditHistory audit;
    private final Supplier<ConsoleIdentity> who;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final Supplier<Instant> clock;
    private final ZoneId zone;

    private final ObjectProperty<TimeRange> range = new SimpleObjectProperty<>(TimeRange.ALL);
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final StringProperty user = new SimpleStringProperty("");
    /** The event types listed; none checked lists every type. */
    private final ObservableList<AuditEventType> types = FXCollections.observableArrayList();
    private final StringProperty text = new SimpleStringProperty("");
    private final BooleanProperty follow = new SimpleBooleanProperty(true);
    private final ObservableList<AuditEventType> typeChoices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper filterProblem = new ReadOnlyStringWrapper("");

    private final ObservableList<AuditRecord> records = FXCollections.observableArrayList();
    private final ObjectProperty<AuditRecord> selected = new SimpleObjectProperty<>();
    private final ObservableList<DetailLine> details = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper moreAvailable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper newEvents = new ReadOnlyStringWrapper("");

    private final ReadOnlyObjectWrapper<ChainState> chainState = new ReadOnlyObjectWrapper<>(ChainState.UNCHECKED);
    private final ReadOnlyStringWrapper chainMessage = new ReadOnlyStringWrapper("Chain not verified yet.");
    /** Exports to files, counted: the Export button waits while one runs. */
    private final BusyTasks exports;
    private final ReadOnlyDoubleWrapper exportProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper lastAction = new ReadOnlyStringWrapper("");

    private AuditQuery shown;
    private long generation;
    private long matching;
    private long newestSeen;
    private boolean pollInFlight;

    /**
     * @param who the console login exports run under: the engine records who exported what, and where to
     */
    public AuditViewModel(AuditHistory audit, Supplier<ConsoleIdentity> who, TaskExecutor executor,
                          DialogService dialogs, Supplier<Instant> clock, ZoneId zone) {
        this.audit = audit;
        this.who = who;
        this.executor = executor;
        this.dialogs = dialogs;
        this.clock = clock;
        this.zone = zone;
        this.exports = new BusyTasks(executor);
        typeChoices.addAll(AuditEventType.values());
        selected.addListener((o, old, now) -> details.setAll(now == null ? List.of() : AuditDetail.of(now, zone)));
        range.addListener((o, old, now) -> search());
        types.addListener((javafx.collections.ListChangeListener<AuditEventType>) c -> search());
        from.addListener((o, old, now) -> {
            if (range.get() == TimeRange.BETWEEN) {
                search();
            }
        });
        to.addListener((o, old, now) -> {
            if (range.get() == TimeRange.BETWEEN) {
                search();
            }
        });
    }

    public AuditFilter filter() {
        return new AuditFilter(range.get(), from.get(), to.get(), user.get(), java.util.Set.copyOf(types),
                text.get());
    }

    /** Lists the newest page matching the filters (user and text apply when this runs: on Enter or Search). */
    public void search() {
        AuditFilter f = filter();
        Optional<String> problem = f.problem();
        filterProblem.set(problem.orElse(""));
        if (problem.isPresent()) {
            return;
        }
        AuditQuery q = f.toQuery(clock.get(), zone);
        long mine = ++generation;
        loading.set(true);
        BackgroundTask.of("read the audit history", () -> new Page(audit.page(q, null, PAGE_SIZE), audit.count(q),
                        audit.lastSequence()))
                .onSuccess(page -> {
                    if (mine != generation) {
                        return;
                    }
                    shown = q;
                    loading.set(false);
                    matching = page.matching();
                    newestSeen = page.newest();
                    newEvents.set("");
                    records.setAll(page.records());
                    showCounts();
                })
                .onFailure(e -> failed(mine, "Read the audit history", e))
                .executeWith(executor);
    }

    /** Appends the next older page of the current listing. */
    public void loadOlder() {
        if (shown == null || records.isEmpty() || !moreAvailable.get() || loading.get()) {
            return;
        }
        AuditQuery q = shown;
        long before = records.get(records.size() - 1).sequence();
        long mine = generation;
        loading.set(true);
        BackgroundTask.of("read older audit records", () -> audit.page(q, before, PAGE_SIZE))
                .onSuccess(older -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    records.addAll(older);
                    showCounts();
                })
                .onFailure(e -> failed(mine, "Read older audit records", e))
                .executeWith(executor);
    }

    private void showCounts() {
        moreAvailable.set(records.size() < matching);
        summary.set(matching == 0 ? "No matching records"
                : "Showing " + Formats.count(records.size()) + " of " + Formats.count(matching) + " matching records");
    }

    private void failed(long mine, String what, Exception e) {
        if (mine == generation) {
            loading.set(false);
        }
        dialogs.showError(what, e.getMessage());
    }

    /**
     * Called about once a second: asks the store for its newest sequence and, when events arrived since the list
     * was read, refreshes it (following) or says how many wait (not following, or older pages loaded).
     */
    public void poll() {
        if (pollInFlight || shown == null || loading.get()) {
            return;
        }
        pollInFlight = true;
        BackgroundTask.of("check for new audit events", audit::lastSequence)
                .onSuccess(newest -> {
                    pollInFlight = false;
                    if (newest <= newestSeen || loading.get()) {
                        return;
                    }
                    if (follow.get() && records.size() <= PAGE_SIZE) {
                        search();
                    } else {
                        long waiting = newest - newestSeen;
                        newEvents.set(Formats.count(waiting) + (waiting == 1 ? " new event" : " new events")
                                + " since this list was read");
                    }
                })
                .onFailure(e -> pollInFlight = false) // the engine stopping under us; the next poll says more
                .executeWith(executor);
    }

    /** Walks the hash chain in the background and shows whether it is intact, or where it first breaks. */
    public void verifyChain() {
        if (chainState.get() == ChainState.CHECKING) {
            return;
        }
        chainState.set(ChainState.CHECKING);
        chainMessage.set("Verifying the hash chain…");
        BackgroundTask.of("verify the audit chain", audit::verify)
                .onSuccess(r -> {
                    chainState.set(r.intact() ? ChainState.INTACT : ChainState.BROKEN);
                    chainMessage.set(r.intact()
                            ? "Chain intact: " + Formats.count(r.recordsChecked()) + " records verified at "
                            + AuditDetail.CLOCK.format(clock.get().atZone(zone))
                            : "Chain BROKEN at record " + r.brokenAt() + ": " + r.description());
                })
                .onFailure(e -> {
                    chainState.set(ChainState.FAILED);
                    chainMessage.set("Could not verify the chain: " + e.getMessage());
                })
                .executeWith(executor);
    }

    /** Asks for a file (CSV or JSON Lines by its extension) and writes the listed records to it, oldest first. */
    public void export() {
        if (exports.busyProperty().get()) {
            return;
        }
        AuditFilter f = filter();
        if (f.problem().isPresent()) {
            dialogs.showError("Export the audit history", f.problem().get());
            return;
        }
        AuditQuery q = shown != null ? shown : f.toQuery(clock.get(), zone);
        String suggested = "rolegate-audit-" + LocalDate.ofInstant(clock.get(), zone) + ".csv";
        Optional<Path> chosen = dialogs.chooseFileToSave("Export the audit history", suggested, List.of(CSV, JSONL));
        if (chosen.isEmpty()) {
            return;
        }
        Path file = chosen.get();
        EngineAudit.Format format = JSONL.matches(file) ? EngineAudit.Format.JSONL : EngineAudit.Format.CSV;
        exportProgress.set(0);
        ConsoleIdentity exporter = who.get();
        // the engine records the export under this login, naming the file (its name only: where on this
        // workstation it lives is nobody's business in the engine's audit)
        String destination = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        exports.writeFile("Export the audit history", file, out -> write(q, format, out, exporter, destination), n -> {
            exportProgress.set(1);
            return "Exported " + Formats.count(n) + (n == 1 ? " record" : " records") + " to " + file + " ("
                    + format.name() + ")";
        }, lastAction::set, dialogs);
    }

    /** Writes the records of {@code q} (attached: streamed from the engine's API) with the progress bar following. */
    private long write(AuditQuery q, EngineAudit.Format format, Writer file, ConsoleIdentity exporter,
                       String destination) throws Exception {
        long total = audit.count(q);
        try (Writer out = new ProgressWriter(file, total + (format == EngineAudit.Format.CSV ? 1 : 0),
                p -> executor.runOnUi(() -> exportProgress.set(p)))) {
            audit.export(q, format, out, exporter, destination);
        }
        return total;
    }

    public ObjectProperty<TimeRange> rangeProperty() { return range; }
    public ObjectProperty<LocalDate> fromProperty() { return from; }
    public ObjectProperty<LocalDate> toProperty() { return to; }
    public StringProperty userProperty() { return user; }
    /** The checked event types (several at once); empty lists every type. */
    public ObservableList<AuditEventType> types() { return types; }
    public StringProperty textProperty() { return text; }
    /** Refresh the list by itself when events arrive (only while the newest page alone is listed). */
    public BooleanProperty followProperty() { return follow; }
    public ObservableList<AuditEventType> typeChoices() { return typeChoices; }
    public ReadOnlyStringProperty filterProblemProperty() { return filterProblem.getReadOnlyProperty(); }
    public ObservableList<AuditRecord> records() { return records; }
    public ObjectProperty<AuditRecord> selectedProperty() { return selected; }
    public ObservableList<DetailLine> details() { return details; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty moreAvailableProperty() { return moreAvailable.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    public ReadOnlyStringProperty newEventsProperty() { return newEvents.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ChainState> chainStateProperty() { return chainState.getReadOnlyProperty(); }
    public ReadOnlyStringProperty chainMessageProperty() { return chainMessage.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty exportingProperty() { return exports.busyProperty(); }
    public ReadOnlyDoubleProperty exportProgressProperty() { return exportProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty lastActionProperty() { return lastAction.getReadOnlyProperty(); }

    /** The listed sequences, newest first (for tests). */
    List<Long> sequences() {
        List<Long> out = new ArrayList<>();
        records.forEach(r -> out.add(r.sequence()));
        return out;
    }
}
