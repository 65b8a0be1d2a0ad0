package io.rolegate.console.sessions;

import io.rolegate.console.common.Cells;
import io.rolegate.console.common.Formats;
import io.rolegate.console.common.ViewLoader;
import io.rolegate.engine.api.model.TraceMessage;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

import java.util.Locale;
import java.util.function.Function;

/**
 * Binds the trace window to its {@link TraceViewModel}: the lines in a table that follows the newest, Stop and
 * Export…. The window polls twice a second; closing it stops the trace.
 */
public final class TraceController {
    private static final Duration POLL = Duration.millis(500);

    private final TraceViewModel vm;

    @FXML private Label traceTitle;
    @FXML private Label traceStatus;
    @FXML private Label traceAction;
    @FXML private Button stopTrace;
    @FXML private Button exportTrace;
    @FXML private TableView<TraceMessage> traceTable;
    @FXML private TableColumn<TraceMessage, String> timeColumn;
    @FXML private TableColumn<TraceMessage, String> fromColumn;
    @FXML private TableColumn<TraceMessage, String> typeColumn;
    @FXML private TableColumn<TraceMessage, String> bytesColumn;
    @FXML private TableColumn<TraceMessage, String> summaryColumn;

    public TraceController(TraceViewModel vm) {
        this.vm = vm;
    }

    /** Opens the trace window over {@code owner}, with its stylesheets, and starts polling. */
    public static Stage open(Window owner, TraceViewModel vm) {
        TraceController controller = new TraceController(vm);
        Scene scene = new Scene(ViewLoader.load(TraceController.class, "TraceView.fxml", controller), 980, 560);
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setTitle("Rolegate · " + vm.title());
        stage.setScene(scene);
        Timeline polling = new Timeline(new KeyFrame(POLL, e -> {
            if (vm.runningProperty().get()) {
                vm.poll();
            }
        }));
        polling.setCycleCount(Timeline.INDEFINITE);
        stage.setOnHidden(e -> {
            polling.stop();
            vm.stop(); // nobody watches: the trace ends with its window
        });
        stage.show();
        vm.poll();
        polling.play();
        return stage;
    }

    @FXML
    private void initialize() {
        traceTitle.setText(vm.title());
        traceStatus.textProperty().bind(vm.statusProperty());
        traceAction.textProperty().bind(vm.lastActionProperty());
        exportTrace.disableProperty().bind(vm.exportingProperty());
        stopTrace.disableProperty().bind(vm.runningProperty().not());
        column(timeColumn, m -> seconds(m.nanos()));
        column(fromColumn, TraceMessage::from);
        column(typeColumn, m -> m.count() == 1 ? m.type() : m.type() + " ×" + m.count());
        column(bytesColumn, m -> Formats.bytes(m.bytes()));
        column(summaryColumn, TraceMessage::summary);
        summaryColumn.setCellFactory(Cells.withTooltip());
        traceTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        traceTable.setItems(vm.lines());
        vm.lines().addListener((ListChangeListener<TraceMessage>) c -> followNewest());
    }

    private static void column(TableColumn<TraceMessage, String> column, Function<TraceMessage, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    /** "0.012345 s": microseconds are what a DBA compares between a Parse and its ParseComplete. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f s", nanos / 1e9);
    }

    private void followNewest() {
        if (!vm.lines().isEmpty()) {
            traceTable.scrollTo(vm.lines().size() - 1);
        }
    }

    @FXML
    private void stop() {
        vm.stop();
    }

    @FXML
    private void export() {
        vm.export();
    }
}
