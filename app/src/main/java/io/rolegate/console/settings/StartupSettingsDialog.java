package io.rolegate.console.settings;

import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.Optional;

/** The start-up prompt; a form bound to {@link StartupSettingsViewModel}, Start disabled while it has problems. */
public final class StartupSettingsDialog {
    private StartupSettingsDialog() {
    }

    /** True when the person chose Start (the view model then holds valid settings). */
    public static boolean show(Window owner, StartupSettingsViewModel vm) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Rolegate");
        dialog.setHeaderText("Start the proxy engine");
        ButtonType start = new ButtonType("Start", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, start);

        GridPane form = new GridPane();
        form.getStyleClass().add("dialog-form");
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Data directory"), bound(vm.dataDirProperty(), "dataDirField"));
        form.addRow(1, new Label("PostgreSQL host"), bound(vm.upstreamHostProperty(), "upstreamHostField"));
        form.addRow(2, new Label("PostgreSQL port"), bound(vm.upstreamPortProperty(), "upstreamPortField"));
        Label problems = new Label();
        problems.getStyleClass().add("field-error");
        problems.textProperty().bind(vm.problemsProperty());
        form.add(problems, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().lookupButton(start).disableProperty().bind(vm.problemsProperty().isNotEmpty());
        if (owner != null && owner.getScene() != null) {
            dialog.initOwner(owner);
            dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        Optional<ButtonType> answer = dialog.showAndWait();
        return answer.isPresent() && answer.get() == start;
    }

    private static TextField bound(javafx.beans.property.StringProperty p, String id) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(28);
        f.textProperty().bindBidirectional(p);
        return f;
    }
}
