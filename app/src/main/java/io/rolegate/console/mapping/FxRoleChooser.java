package io.rolegate.console.mapping;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The "Map to role…" chooser: a list of the roles a group may go to; type to jump, Enter to see the dry run. */
public final class FxRoleChooser implements RoleChooser {
    private final Supplier<Window> owner;

    public FxRoleChooser(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<String> choose(String group, List<String> roles) {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle("Rolegate");
        dialog.setHeaderText("Map group " + group + " to which role?");
        ButtonType next = new ButtonType("Show dry run…", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, next);
        ListView<String> list = new ListView<>();
        list.setId("roleChoices");
        list.getItems().setAll(roles);
        list.getSelectionModel().selectFirst();
        list.setPrefHeight(Math.min(320, 28 * roles.size() + 8));
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                ((javafx.scene.control.Button) dialog.getDialogPane().lookupButton(next)).fire();
            }
        });
        VBox content = new VBox(8, new Label("Nothing changes yet: the next step shows who would gain what."), list);
        content.getStyleClass().add("dialog-form");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().lookupButton(next).disableProperty()
                .bind(list.getSelectionModel().selectedItemProperty().isNull());
        dialog.setResultConverter(button -> button == next ? list.getSelectionModel().getSelectedItem() : null);
        Window w = owner.get();
        if (w != null) {
            dialog.initOwner(w);
            dialog.getDialogPane().getStylesheets().addAll(w.getScene().getStylesheets());
        }
        dialog.setOnShown(e -> list.requestFocus());
        return dialog.showAndWait();
    }
}
