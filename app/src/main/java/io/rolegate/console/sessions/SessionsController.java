package io.rolegate.console.sessions;

import io.rolegate.console.common.Cells;
import io.rolegate.console.common.Formats;
import io.rolegate.engine.api.model.SessionActivityFacts;
import io.rolegate.engine.api.model.SessionSnapshot;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;

/** Binds the sessions view to its {@link SessionsViewModel}; every decision lives in the view model. */
public final class SessionsController {
    private static final PseudoClass ENDED = PseudoClass.getPseudoClass(SessionRow.ENDED_PSEUDO_CLASS);
    private static final int DETAIL_COLUMNS = 3;
    /** Below this width (pixels) the detail pane's three columns would cut their values off. */
    private static final double NARROW = 1000;
    /** Long values that get a row across the pane instead of squeezing a column. */
    private static final java.util.Set<String> FULL_WIDTH = java.util.Set.of("Directory entry", SessionDetails.QUERY,
            SessionDetails.NODE, SessionDetails.KEPT_THERE);

    private final SessionsViewModel vm;

    @FXML private TableView<SessionRow> table;
    @FXML private TableColumn<SessionRow, String> nodeColumn;
    @FXML private ComboBox<String> nodeFilter;
    @FXML private TableColumn<SessionRow, String> userColumn;
    @FXML private TableColumn<SessionRow, String> clientColumn;
    @FXML private TableColumn<SessionRow, String> applicationColumn;
    @FXML private TableColumn<SessionRow, String> databaseColumn;
    @FXML private TableColumn<SessionRow, String> stateColumn;
    @FXML private TableColumn<SessionRow, String> waitColumn;
    @FXML private TableColumn<SessionRow, String> blockedByColumn;
    @FXML private TableColumn<SessionRow, String> queryColumn;
    @FXML private TableColumn<SessionRow, Duration> queryStartColumn;
    @FXML private TableColumn<SessionRow, Instant> startedColumn;
    @FXML private TableColumn<SessionRow, Duration> durationColumn;
    @FXML private TableColumn<SessionRow, Long> bytesInColumn;
    @FXML private TableColumn<SessionRow, Long> bytesOutColumn;
    @FXML private TableColumn<SessionRow, SessionSnapshot> messagesColumn;
    @FXML private TableColumn<SessionRow, Long> queriesColumn;
    @FXML private TableColumn<SessionRow, Long> errorsColumn;
    @FXML private TableColumn<SessionRow, String> tlsColumn;
    @FXML private TextField filterField;
    @FXML private ComboBox<String> stateFilter;
    @FXML private Button cancelButton;
    @FXML private Button disconnectButton;
    @FXML private Button traceButton;
    @FXML private javafx.scene.layout.HBox traceActions;
    @FXML private javafx.scene.layout.HBox sessionActions;
    @FXML private Label summaryLabel;
    @FXML private Label lastActionLabel;
    @FXML private Label upstreamProblemLabel;
    @FXML private Label noSelectionLabel;
    @FXML private GridPane detailGrid;
    @FXML private javafx.scene.control.ScrollPane detailScroll;

    public SessionsController(SessionsViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        bindColumn(userColumn, SessionSnapshot::user);
        userColumn.setCellFactory(c -> new RecordedUserCell());
        bindColumn(clientColumn, s -> Formats.address(s.clientAddress()));
        bindColumn(applicationColumn, SessionSnapshot::applicationName);
        bindColumn(databaseColumn, SessionSnapshot::database);
        stateColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        stateColumn.setCellFactory(Cells.withTooltip());
        applicationColumn.setCellFactory(Cells.withTooltip());
        bindFacts(waitColumn, SessionDetails::activeWait);
        bindFacts(blockedByColumn, SessionDetails::blockerNames);
        // the server's statement when it has been read, else the last one the proxy saw
        queryColumn.setCellValueFactory(c -> javafx.beans.binding.Bindings.createStringBinding(
                () -> SessionDetails.query(c.getValue()), c.getValue().snapshotProperty(),
                c.getValue().factsProperty()));
        queryColumn.setCellFactory(Cells.withTooltip());
        // how long the current statement has run (active, waiting) or since the last one started (idle)
        queryStartColumn.setCellValueFactory(c -> c.getValue().factsProperty().map(f -> f.queryStart() == null ? null
                : Duration.between(f.queryStart(), c.getValue().snapshot().started()
                        .plus(c.getValue().connectedForProperty().get()))));
        queryStartColumn.setCellFactory(Cells.formatted(Formats::duration));
        bindColumn(startedColumn, SessionSnapshot::started);
        startedColumn.setCellFactory(Cells.formatted(Formats::clock));
        durationColumn.setCellValueFactory(c -> c.getValue().connectedForProperty());
        durationColumn.setCellFactory(Cells.formatted(Formats::duration));
        bindColumn(bytesInColumn, SessionSnapshot::bytesIn);
        bytesInColumn.setCellFactory(Cells.formatted((Long b) -> Formats.bytes(b)));
        bindColumn(bytesOutColumn, SessionSnapshot::bytesOut);
        bytesOutColumn.setCellFactory(Cells.formatted((Long b) -> Formats.bytes(b)));
        bindColumn(messagesColumn, s -> s);
        messagesColumn.setCellFactory(Cells.formatted(s -> Formats.count(s.messagesIn()) + " / "
                + Formats.count(s.messagesOut())));
        messagesColumn.setComparator(Comparator.comparingLong(s -> s.messagesIn() + s.messagesOut()));
        // another node does not publish these: blank, not a zero or "no TLS" it never said
        bindLocal(queriesColumn, SessionSnapshot::queries);
        queriesColumn.setCellFactory(Cells.formatted(Formats::count));
        bindLocal(errorsColumn, SessionSnapshot::errors);
        errorsColumn.setCellFactory(Cells.formatted(Formats::count));
        // the protocol fits the column; the cipher suite is in the detail pane
        bindLocal(tlsColumn, s -> s.tls() == null ? "—" : s.tls().split(" ", 2)[0]);
        bindNodes();

        table.setItems(vm.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // the view model's sorted list does the sorting; the table only reports which columns were clicked
        table.setSortPolicy(t -> true);
        vm.columnOrderProperty().bind(table.comparatorProperty());
        table.setRowFactory(t -> endedAwareRow());
        vm.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());

        filterField.textProperty().bindBidirectional(vm.filterTextProperty());
        stateFilter.setItems(vm.stateChoices());
        stateFilter.valueProperty().bindBidirectional(vm.stateFilterProperty());
        disconnectButton.disableProperty().bind(vm.mayActOnSelectedProperty().not());
        cancelButton.disableProperty().bind(vm.mayActOnSelectedProperty().not());
        explainWhileDisabled(sessionActions, vm.whyNoActionsProperty());
        traceButton.disableProperty().bind(vm.mayTraceSelectedProperty().not());
        explainWhileDisabled(traceActions, vm.whyNoTraceProperty());
        vm.onTraceStarted(trace -> TraceController.open(table.getScene() == null ? null
                : table.getScene().getWindow(), trace));
        summaryLabel.textProperty().bind(vm.summaryProperty());
        upstreamProblemLabel.textProperty().bind(vm.upstreamProblemProperty());
        upstreamProblemLabel.visibleProperty().bind(vm.upstreamProblemProperty().isNotEmpty());
        upstreamProblemLabel.managedProperty().bind(upstreamProblemLabel.visibleProperty());
        SessionColumns.explain(table.getColumns());
        lastActionLabel.textProperty().bind(vm.lastActionProperty());
        noSelectionLabel.visibleProperty().bind(vm.selectedProperty().isNull());
        noSelectionLabel.managedProperty().bind(noSelectionLabel.visibleProperty());
        // the empty grid would take the pane's height and push the hint to its bottom edge
        detailScroll.visibleProperty().bind(vm.selectedProperty().isNotNull());
        detailScroll.managedProperty().bind(detailScroll.visibleProperty());
        vm.details().addListener((ListChangeListener<DetailLine>) c -> showDetails());
        // a narrow window (1024 pixels) gets two columns of details instead of three cut off at the right
        detailScroll.widthProperty().addListener((o, was, is) -> {
            if (columnsFor(was.doubleValue()) != columnsFor(is.doubleValue())) {
                showDetails();
            }
        });
    }

    /** A tooltip on the box around buttons (a disabled button shows none of its own) while {@code why} says why. */
    private static void explainWhileDisabled(javafx.scene.Node box, javafx.beans.value.ObservableValue<String> why) {
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(why);
        why.subscribe(text -> {
            if (text.isEmpty()) {
                javafx.scene.control.Tooltip.uninstall(box, tip);
            } else {
                javafx.scene.control.Tooltip.install(box, tip);
            }
        });
    }

    private static <T> void bindColumn(TableColumn<SessionRow, T> column, Function<SessionSnapshot, T> value) {
        column.setCellValueFactory(c -> c.getValue().snapshotProperty().map(value));
    }

    private static <T> void bindLocal(TableColumn<SessionRow, T> column, Function<SessionSnapshot, T> value) {
        column.setCellValueFactory(c -> c.getValue().snapshotProperty()
                .map(s -> c.getValue().local() ? value.apply(s) : null));
    }

    /**
     * The Node column and filter, shown once sessions of more than one node are listed (a single engine has no use
     * for them); the column's text marks this console's node.
     */
    private void bindNodes() {
        FleetNodes nodes = vm.nodes();
        nodeColumn.setCellValueFactory(c -> nodes.severalProperty().map(several -> nodes.label(c.getValue())));
        nodeColumn.setCellFactory(Cells.withTooltip());
        nodeFilter.setItems(nodes.choices());
        nodeFilter.valueProperty().bindBidirectional(nodes.filterProperty());
        nodeFilter.visibleProperty().bind(nodes.severalProperty());
        nodeFilter.managedProperty().bind(nodeFilter.visibleProperty());
        // not bound: the table's + menu may still hide or show the column
        nodes.severalProperty().subscribe(several -> nodeColumn.setVisible(several));
    }

    private static <T> void bindFacts(TableColumn<SessionRow, T> column, Function<SessionActivityFacts, T> value) {
        column.setCellValueFactory(c -> c.getValue().factsProperty().map(value));
    }

    private TableRow<SessionRow> endedAwareRow() {
        TableRow<SessionRow> row = new TableRow<>();
        ObservableValue<Boolean> ended = row.itemProperty().flatMap(SessionRow::endProperty).map(e -> true)
                .orElse(false);
        ended.addListener((o, was, is) -> row.pseudoClassStateChanged(ENDED, is));
        javafx.scene.control.Tooltip note = new javafx.scene.control.Tooltip();
        ObservableValue<String> text = row.itemProperty()
                .flatMap(r -> r.endProperty().map(e -> SessionRow.endNote(r.id(), e)));
        note.textProperty().bind(text.orElse(""));
        text.subscribe(t -> row.setTooltip(t == null ? null : note));
        return row;
    }

    /** Lays the detail lines out in newspaper columns so the pane under the table stays short. */
    private void showDetails() {
        DetailGrid.fill(detailGrid, vm.details(), columnsFor(detailScroll.getWidth()), FULL_WIDTH);
    }

    private static int columnsFor(double width) {
        return width > 0 && width < NARROW ? DETAIL_COLUMNS - 1 : DETAIL_COLUMNS;
    }

    @FXML
    private void disconnect() {
        vm.disconnectSelected();
    }

    @FXML
    private void trace() {
        vm.traceSelected();
    }

    @FXML
    private void cancelQuery() {
        vm.cancelSelectedQuery();
    }
}
