package io.rolegate.console.audit;

import io.rolegate.console.common.Cells;
import io.rolegate.console.sessions.DetailGrid;
import io.rolegate.console.sessions.DetailLine;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import org.controlsfx.control.CheckComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Binds the audit view to its {@link AuditViewModel}. */
public final class AuditController {
    private final AuditViewModel vm;
    private final ZoneId zone;
    private Long keptSequence;

    @FXML private javafx.scene.control.ComboBox<TimeRange> rangeChoice;
    @FXML private DatePicker fromPicker;
    @FXML private DatePicker toPicker;
    @FXML private TextField userField;
    @FXML private CheckComboBox<AuditEventType> typeChoice;
    @FXML private TextField textField;
    @FXML private CheckBox followBox;
    @FXML private Label filterProblemLabel;
    @FXML private Label summaryLabel;
    @FXML private Label newEventsLabel;
    @FXML private Button refreshButton;
    @FXML private Label chainLabel;
    @FXML private Button verifyButton;
    @FXML private Button exportButton;
    @FXML private ProgressBar exportProgress;
    @FXML private TableView<AuditRecord> table;
    @FXML private TableColumn<AuditRecord, Long> seqColumn;
    @FXML private TableColumn<AuditRecord, Instant> timeColumn;
    @FXML private TableColumn<AuditRecord, String> typeColumn;
    @FXML private TableColumn<AuditRecord, String> actorColumn;
    @FXML private TableColumn<AuditRecord, String> userColumn;
    @FXML private TableColumn<AuditRecord, String> sessionColumn;
    @FXML private TableColumn<AuditRecord, String> messageColumn;
    @FXML private Button olderButton;
    @FXML private GridPane detailGrid;
    @FXML private Label noSelectionLabel;
    @FXML private javafx.scene.control.ScrollPane detailScroll;
    @FXML private Label lastActionLabel;

    public AuditController(AuditViewModel vm, ZoneId zone) {
        this.vm = vm;
        this.zone = zone;
    }

    @FXML
    private void initialize() {
        rangeChoice.getItems().setAll(TimeRange.values());
        rangeChoice.valueProperty().bindBidirectional(vm.rangeProperty());
        fromPicker.valueProperty().bindBidirectional(vm.fromProperty());
        toPicker.valueProperty().bindBidirectional(vm.toProperty());
        fromPicker.disableProperty().bind(vm.rangeProperty().isNotEqualTo(TimeRange.BETWEEN));
        toPicker.disableProperty().bind(fromPicker.disableProperty());
        userField.textProperty().bindBidirectional(vm.userProperty());
        textField.textProperty().bindBidirectional(vm.textProperty());
        typeChoice.getItems().setAll(vm.typeChoices());
        // several types at once; the box names them ("ADMIN_ACTION, MAPPING_CHANGED"), or says all when none
        typeChoice.getCheckModel().getCheckedItems().addListener((ListChangeListener<AuditEventType>) c -> {
            List<AuditEventType> checked = List.copyOf(typeChoice.getCheckModel().getCheckedItems());
            if (!checked.equals(vm.types())) {
                vm.types().setAll(checked);
            }
            typeChoice.setTitle(checked.isEmpty() ? "All event types" : null);
        });
        followBox.selectedProperty().bindBidirectional(vm.followProperty());
        filterProblemLabel.textProperty().bind(vm.filterProblemProperty());
        summaryLabel.textProperty().bind(vm.summaryProperty());
        newEventsLabel.textProperty().bind(vm.newEventsProperty());
        refreshButton.disableProperty().bind(vm.loadingProperty());
        chainLabel.textProperty().bind(vm.chainMessageProperty());
        vm.chainStateProperty().addListener((o, old, now) -> {
            for (AuditViewModel.ChainState s : AuditViewModel.ChainState.values()) {
                chainLabel.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.name().toLowerCase(Locale.ROOT)),
                        s == now);
            }
        });
        verifyButton.disableProperty().bind(vm.chainStateProperty().isEqualTo(AuditViewModel.ChainState.CHECKING));
        exportButton.disableProperty().bind(vm.exportingProperty());
        exportProgress.visibleProperty().bind(vm.exportingProperty());
        exportProgress.progressProperty().bind(vm.exportProgressProperty());
        olderButton.visibleProperty().bind(vm.moreAvailableProperty());
        olderButton.managedProperty().bind(olderButton.visibleProperty());
        olderButton.disableProperty().bind(vm.loadingProperty());
        lastActionLabel.textProperty().bind(vm.lastActionProperty());

        bind(seqColumn, AuditRecord::sequence, r -> r);
        bind(timeColumn, r -> r.event().time(), r -> r);
        timeColumn.setCellFactory(Cells.formatted(t -> AuditDetail.TIME.format(t.atZone(zone))));
        bind(typeColumn, r -> r.event().type().name(), r -> r);
        bind(actorColumn, AuditEvent::actor, r -> r.event());
        bind(userColumn, AuditEvent::user, r -> r.event());
        bind(sessionColumn, AuditEvent::sessionId, r -> r.event());
        bind(messageColumn, AuditEvent::message, r -> r.event());
        table.setItems(vm.records());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // keeps the record selected across a refresh: the new list holds an equal record at another index
        vm.records().addListener((ListChangeListener<AuditRecord>) c -> {
            if (keptSequence != null && table.getSelectionModel().getSelectedItem() == null) {
                vm.records().stream().filter(r -> r.sequence() == keptSequence).findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r));
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            vm.selectedProperty().set(now);
            if (now != null) {
                keptSequence = now.sequence();
            }
        });
        noSelectionLabel.visibleProperty().bind(vm.selectedProperty().isNull());
        noSelectionLabel.managedProperty().bind(noSelectionLabel.visibleProperty());
        // the empty grid would take the pane's height and push the hint to its bottom edge
        detailScroll.visibleProperty().bind(vm.selectedProperty().isNotNull());
        detailScroll.managedProperty().bind(detailScroll.visibleProperty());
        vm.details().addListener((ListChangeListener<DetailLine>) c -> showDetails());
    }

    private static <T, S> void bind(TableColumn<AuditRecord, T> column, Function<S, T> value,
                                    Function<AuditRecord, S> from) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(from.apply(c.getValue()))));
    }

    private void showDetails() {
        DetailGrid.fill(detailGrid, vm.details());
    }

    @FXML
    private void search() {
        vm.search();
    }

    @FXML
    private void loadOlder() {
        vm.loadOlder();
    }

    @FXML
    private void verify() {
        vm.verifyChain();
    }

    @FXML
    private void export() {
        vm.export();
    }
}
