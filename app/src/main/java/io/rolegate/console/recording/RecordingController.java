package io.rolegate.console.recording;

import io.rolegate.console.common.Cells;
import io.rolegate.console.common.Formats;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Binds the Recording view to its {@link RecordingViewModel}; every decision lives in the view model. */
public final class RecordingController {
    private final RecordingViewModel vm;

    @FXML private TextField userField;
    @FXML private TextField roleField;
    @FXML private TextField textField;
    @FXML private TextField sqlStateField;
    @FXML private Button searchButton;
    @FXML private Button exportButton;
    @FXML private Button refreshButton;
    @FXML private Label summaryLabel;
    @FXML private Label problemLabel;
    @FXML private Label timelineLabel;
    @FXML private Label lastActionLabel;
    @FXML private ProgressBar busyIndicator;
    @FXML private TableView<Recording> recordingsTable;
    @FXML private TableColumn<Recording, Instant> startedColumn;
    @FXML private TableColumn<Recording, String> userColumn;
    @FXML private TableColumn<Recording, String> rolesColumn;
    @FXML private TableColumn<Recording, String> databaseColumn;
    @FXML private TableColumn<Recording, String> clientColumn;
    @FXML private TableColumn<Recording, Long> statementsColumn;
    @FXML private TableColumn<Recording, Long> errorsColumn;
    @FXML private TableColumn<Recording, String> endedColumn;
    @FXML private TableColumn<Recording, String> reasonColumn;
    @FXML private TableView<RecordedStatement> timelineTable;
    @FXML private TableColumn<RecordedStatement, Instant> timeColumn;
    @FXML private TableColumn<RecordedStatement, Long> durationColumn;
    @FXML private TableColumn<RecordedStatement, String> commandColumn;
    @FXML private TableColumn<RecordedStatement, Long> rowsColumn;
    @FXML private TableColumn<RecordedStatement, String> statementColumn;
    @FXML private TableColumn<RecordedStatement, String> errorColumn;

    public RecordingController(RecordingViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        userField.textProperty().bindBidirectional(vm.userProperty());
        roleField.textProperty().bindBidirectional(vm.roleProperty());
        textField.textProperty().bindBidirectional(vm.textProperty());
        sqlStateField.textProperty().bindBidirectional(vm.sqlStateProperty());
        summaryLabel.textProperty().bind(vm.summaryProperty());
        problemLabel.textProperty().bind(vm.problemProperty());
        problemLabel.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        timelineLabel.textProperty().bind(vm.timelineSummaryProperty());
        lastActionLabel.textProperty().bind(vm.lastActionProperty());
        busyIndicator.visibleProperty().bind(vm.busyProperty());
        searchButton.disableProperty().bind(vm.busyProperty());
        exportButton.disableProperty().bind(vm.selectedProperty().isNull().or(vm.busyProperty())
                .or(vm.exportingProperty()));
        refreshButton.disableProperty().bind(vm.selectedProperty().isNull());

        column(startedColumn, Recording::started);
        startedColumn.setCellFactory(Cells.formatted(Formats::clock));
        column(userColumn, Recording::user);
        column(rolesColumn, r -> String.join(", ", r.roles()));
        rolesColumn.setCellFactory(Cells.withTooltip());
        column(databaseColumn, Recording::database);
        column(clientColumn, r -> Formats.address(r.clientAddress()));
        column(statementsColumn, Recording::statements);
        statementsColumn.setCellFactory(Cells.formatted(Formats::count));
        column(errorsColumn, Recording::errors);
        errorsColumn.setCellFactory(Cells.formatted(Formats::count));
        column(endedColumn, r -> r.live() ? "live" : Formats.clock(r.ended()));
        column(reasonColumn, Recording::reason);
        reasonColumn.setCellFactory(Cells.withTooltip());
        recordingsTable.setItems(vm.recordings());
        recordingsTable.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> vm.selectedProperty()
                .set(is));
        vm.selectedProperty().addListener((o, was, is) -> {
            if (is == null) {
                recordingsTable.getSelectionModel().clearSelection();
            } else if (recordingsTable.getSelectionModel().getSelectedItem() != is) {
                recordingsTable.getSelectionModel().select(is);
            }
        });

        statementColumn(timeColumn, RecordedStatement::started);
        timeColumn.setCellFactory(Cells.formatted(Formats::clock));
        statementColumn(durationColumn, RecordedStatement::durationMicros);
        durationColumn.setCellFactory(c -> new DurationCell(() -> longest(vm.timeline())));
        statementColumn(commandColumn, Timeline::command);
        statementColumn(rowsColumn, RecordedStatement::rows);
        rowsColumn.setCellFactory(Cells.formatted(Formats::count));
        statementColumn(statementColumn, RecordedStatement::text);
        statementColumn.setCellFactory(Cells.withTooltip());
        statementColumn(errorColumn, s -> s.error() == null ? null : s.error());
        errorColumn.setCellFactory(Cells.withTooltip());
        timelineTable.setItems(vm.timeline());
        timelineTable.setRowFactory(t -> shadedRow());
        // bars are relative to the longest statement: a new longest one redraws them all
        vm.timeline().addListener((ListChangeListener<RecordedStatement>) c -> timelineTable.refresh());
    }

    private static <T> void column(TableColumn<Recording, T> c, Function<Recording, T> value) {
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
    }

    private static <T> void statementColumn(TableColumn<RecordedStatement, T> c,
                                            Function<RecordedStatement, T> value) {
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
    }

    private static long longest(List<RecordedStatement> statements) {
        return statements.stream().mapToLong(RecordedStatement::durationMicros).max().orElse(0);
    }

    /** A row shaded by its transaction, red text when the statement failed; the boundary in a tooltip. */
    private static TableRow<RecordedStatement> shadedRow() {
        return new TableRow<>() {
            @Override
            protected void updateItem(RecordedStatement s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeAll(Timeline.TX_A, Timeline.TX_B, Timeline.TX_FAILED, Timeline.FAILED);
                if (empty || s == null) {
                    setTooltip(null);
                    return;
                }
                String shade = Timeline.shade(s);
                if (shade != null) {
                    getStyleClass().add(shade);
                }
                if (s.failed()) {
                    getStyleClass().add(Timeline.FAILED);
                }
                setTooltip(s.transaction() == 0 ? null : new Tooltip("Transaction " + s.transaction()
                        + (s.failedTransaction() ? " (failed: every statement fails until ROLLBACK)" : "")));
            }
        };
    }

    /**
     * A bar as long as the statement's share of the longest one in view (square root), then the duration: the bars
     * start together, so the long ones stand out down the column.
     */
    private static final class DurationCell extends TableCell<RecordedStatement, Long> {
        /** The bar's share of the column at most; the rest is for the text. */
        private static final double BAR_SHARE = 0.45;
        private final java.util.function.LongSupplier longest;
        private final javafx.scene.layout.Region bar = new javafx.scene.layout.Region();

        DurationCell(java.util.function.LongSupplier longest) {
            this.longest = longest;
            bar.getStyleClass().add("duration-bar");
            bar.setMaxHeight(8);
            getStyleClass().add("duration-cell");
            setContentDisplay(javafx.scene.control.ContentDisplay.LEFT);
            setGraphicTextGap(6);
        }

        @Override
        protected void updateItem(Long micros, boolean empty) {
            super.updateItem(micros, empty);
            if (empty || micros == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(Formats.micros(micros));
            double share = Math.max(0.02, Timeline.bar(micros, longest.getAsLong())) * BAR_SHARE;
            bar.prefWidthProperty().bind(widthProperty().multiply(share));
            bar.minWidthProperty().bind(bar.prefWidthProperty());
            setGraphic(bar);
        }
    }

    @FXML
    private void search() {
        vm.search();
    }

    @FXML
    private void refresh() {
        vm.refreshTimeline();
    }

    @FXML
    private void export() {
        vm.export();
    }
}
