package io.rolegate.console.mapping;

import io.rolegate.console.directory.GroupDrag;
import io.rolegate.console.directory.GroupMenu;
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
        groupList.setCellFactory(l -> new GroupCell(vm));
        // the keyboard path for a drag: Enter (or Ctrl+M, or the context menu) on a group asks for the role
        groupList.setOnKeyPressed(e -> {
            DirectoryGroup g = groupList.getSelectionModel().getSelectedItem();
            if (g != null && GroupMenu.MAP_KEYS.stream().anyMatch(k -> k.match(e))) {
                vm.chooseRoleFor(g.dn());
                e.consume();
            }
        });
        vm.roles().addListener((ListChangeListener<Object>) c -> showRoles());
        showRoles();
    }

    private void showRoles() {
        // the cards are rebuilt from the roles read again: give the focus back to the chip or card that had it
        String focused = roleCards.getScene() == null || roleCards.getScene().getFocusOwner() == null ? null
                : roleCards.getScene().getFocusOwner().getId();
        roleCards.getChildren().setAll(vm.roles().stream().map(r -> new RoleCard(r, vm)).toList());
        if (focused != null && (focused.startsWith("chip-") || focused.startsWith("role-"))) {
            javafx.scene.Node again = roleCards.lookup("#" + focused);
            if (again != null) {
                again.requestFocus();
            }
        }
    }

    @FXML private void undo() { vm.undo(); }
    @FXML private void redo() { vm.redo(); }
    @FXML private void refresh() { vm.refresh(); }
    @FXML private void preview() { vm.preview(); }

    /** A group to drag onto a role, or to map from its context menu. */
    private static final class GroupCell extends ListCell<DirectoryGroup> {
        GroupCell(MappingViewModel vm) {
            setOnDragDetected(e -> {
                if (getItem() != null) {
                    GroupDrag.start(this, getItem().dn());
                    e.consume();
                }
            });
            setContextMenu(GroupMenu.of(() -> getItem() == null ? null : getItem().dn(), vm::chooseRoleFor));
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
