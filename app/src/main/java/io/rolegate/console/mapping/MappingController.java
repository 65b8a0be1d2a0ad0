package io.rolegate.console.mapping;

import io.rolegate.console.directory.GroupDrag;
import io.rolegate.engine.api.model.DirectoryGroup;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;

/** Binds the mapping view to {@link MappingViewModel}: groups to drag on the left, role cards to drop on. */
public final class MappingController {
    private final MappingViewModel vm;

    @FXML private Label readOnlyNote;
    @FXML private Button undoButton;
    @FXML private Button redoButton;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Label statusLabel;
    @FXML private TextField groupFilterField;
    @FXML private ListView<DirectoryGroup> groupList;
    @FXML private FlowPane roleCards;
    @FXML private TextField previewField;
    @FXML private Label previewLabel;

    public MappingController(MappingViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        readOnlyNote.setVisible(!vm.mayEdit());
        readOnlyNote.setManaged(!vm.mayEdit());
        undoButton.disableProperty().bind(vm.history().canUndoProperty().not());
        redoButton.disableProperty().bind(vm.history().canRedoProperty().not());
        busyIndicator.visibleProperty().bind(vm.busyProperty());
        statusLabel.textProperty().bind(vm.statusProperty());
        groupFilterField.textProperty().bindBidirectional(vm.groupFilterProperty());
        previewField.textProperty().bindBidirectional(vm.previewUserProperty());
        previewLabel.textProperty().bind(vm.previewTextProperty());
        groupList.setItems(vm.shownGroups());
        groupList.setCellFactory(l -> new GroupCell());
        vm.roles().addListener((ListChangeListener<Object>) c -> showRoles());
        showRoles();
    }

    private void showRoles() {
        roleCards.getChildren().setAll(vm.roles().stream().map(r -> new RoleCard(r, vm)).toList());
    }

    @FXML private void undo() { vm.undo(); }
    @FXML private void redo() { vm.redo(); }
    @FXML private void refresh() { vm.refresh(); }
    @FXML private void preview() { vm.preview(); }

    /** A group to drag onto a role. */
    private static final class GroupCell extends ListCell<DirectoryGroup> {
        GroupCell() {
            setOnDragDetected(e -> {
                if (getItem() != null) {
                    GroupDrag.start(this, getItem().dn());
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(DirectoryGroup g, boolean empty) {
            super.updateItem(g, empty);
            setText(empty || g == null ? null : g.name() + " · " + g.memberCount()
                    + (g.memberCount() == 1 ? " member" : " members"));
            setId(empty || g == null ? null : "group-" + g.name());
        }
    }
}
