package io.rolegate.console.mapping;

import io.rolegate.console.directory.GroupDrag;
import io.rolegate.engine.api.model.UpstreamRole;
import io.rolegate.engine.api.model.Dns;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Optional;

/**
 * One upstream role as a drop target: name, kind badge, and a chip per mapped group (close it, or focus it and
 * press Delete, to unmap). Whether a drop is accepted is the view model's decision, asked on every drag-over.
 */
final class RoleCard extends VBox {
    RoleCard(UpstreamRole role, MappingViewModel vm) {
        getStyleClass().add("role-card");
        setId("role-" + role.name());
        Label name = new Label(role.name());
        name.getStyleClass().add("role-name");
        Label badge = new Label(role.managed() ? "managed login" : role.canLogin() ? "login role" : "group role");
        badge.getStyleClass().addAll("badge", role.managed() ? "badge-managed"
                : role.canLogin() ? "badge-login" : "badge-unmanaged");
        Region gap = new Region();
        HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
        HBox header = new HBox(8, name, gap, badge);
        FlowPane chips = new FlowPane(6, 6);
        chips.getStyleClass().add("chips");
        for (String group : role.mappedGroups()) {
            chips.getChildren().add(chip(group, role.name(), vm));
        }
        if (role.mappedGroups().isEmpty()) {
            Label none = new Label(role.managed() ? "kept by Rolegate for one directory user"
                    : role.canLogin() ? "logs in by itself: not a drop target" : "drop a group here");
            none.getStyleClass().add("placeholder");
            chips.getChildren().add(none);
        }
        getChildren().addAll(header, chips);
        acceptDrops(role.name(), vm);
    }

    private void acceptDrops(String roleName, MappingViewModel vm) {
        setOnDragOver(e -> {
            Optional<String> group = GroupDrag.groupOf(e.getDragboard());
            if (group.isPresent() && vm.dropRefusal(group.get(), roleName).isEmpty()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragEntered(e -> {
            Optional<String> group = GroupDrag.groupOf(e.getDragboard());
            group.ifPresent(g -> getStyleClass().add(vm.dragOver(g, roleName) ? "drop-ok" : "drop-refused"));
        });
        setOnDragExited(e -> getStyleClass().removeAll("drop-ok", "drop-refused"));
        setOnDragDropped(e -> {
            Optional<String> group = GroupDrag.groupOf(e.getDragboard());
            // the dry run or refusal is a modal dialog: open it after the drag gesture ends, never inside it (a
            // nested event loop during drag-and-drop breaks the toolkit's drag state)
            group.ifPresent(g -> javafx.application.Platform.runLater(() -> vm.drop(g, roleName)));
            e.setDropCompleted(group.isPresent());
            e.consume();
        });
    }

    private static HBox chip(String groupDn, String role, MappingViewModel vm) {
        Label label = new Label(Dns.firstValue(groupDn));
        Button close = new Button("×");
        close.getStyleClass().add("chip-close");
        close.setFocusTraversable(false);
        close.setOnAction(e -> vm.unmap(groupDn, role));
        close.setDisable(!vm.mayEdit());
        HBox chip = new HBox(4, label, close);
        chip.getStyleClass().add("chip");
        chip.setId("chip-" + role + "-" + label.getText());
        chip.setFocusTraversable(true);
        Tooltip.install(chip, new Tooltip(groupDn));
        chip.setOnMouseClicked(e -> chip.requestFocus());
        chip.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                vm.unmap(groupDn, role);
                e.consume();
            }
        });
        return chip;
    }
}
