package io.rolegate.console.common;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Dialogs owned by the console window, styled by its stylesheet. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String what, String why) {
        Alert alert = new Alert(Alert.AlertType.ERROR, why, ButtonType.OK);
        alert.setTitle("Rolegate");
        alert.setHeaderText(what);
        prepare(alert);
        alert.showAndWait();
    }

    @Override
    public void showInformation(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, message, ButtonType.OK);
        alert.setTitle("Rolegate");
        alert.setHeaderText(title);
        prepare(alert);
        alert.showAndWait();
    }

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        ButtonType yes = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.CANCEL, yes);
        alert.setTitle("Rolegate");
        alert.setHeaderText(title);
        prepare(alert);
        // Enter must not end everybody's sessions by accident: Cancel is the default
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().filter(b -> b == yes).isPresent();
    }

    @Override
    public Optional<String> askForReason(String title, String question, String confirmLabel,
                                         Function<String, Optional<String>> validator) {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle("Rolegate");
        dialog.setHeaderText(title);
        ButtonType confirm = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, confirm);

        TextField reason = new TextField();
        reason.setId("reasonField");
        reason.setPromptText("reason the client will see");
        Label problem = new Label();
        problem.getStyleClass().add("field-error");
        problem.textProperty().bind(Bindings.createStringBinding(
                () -> validator.apply(reason.getText()).orElse(""), reason.textProperty()));
        VBox content = new VBox(8, new Label(question), reason, problem);
        content.getStyleClass().add("dialog-form");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().lookupButton(confirm).disableProperty().bind(problem.textProperty().isNotEmpty());
        dialog.setResultConverter(button -> button == confirm ? reason.getText().strip() : null);
        prepare(dialog);
        dialog.setOnShown(e -> reason.requestFocus());
        return dialog.showAndWait();
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName, List<FileType> types) {
        FileChooser chooser = chooser(title, types);
        chooser.setInitialFileName(suggestedName);
        return Optional.ofNullable(chooser.showSaveDialog(owner.get())).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, List<FileType> types) {
        return Optional.ofNullable(chooser(title, types).showOpenDialog(owner.get())).map(File::toPath);
    }

    private static FileChooser chooser(String title, List<FileType> types) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        // the working directory of a desktop launch is often / or the install directory: start where files live
        File home = new File(System.getProperty("user.home", "."));
        if (home.isDirectory()) {
            chooser.setInitialDirectory(home);
        }
        for (FileType t : types) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(t.description(),
                    t.extensions().stream().map(e -> "*." + e).toList()));
        }
        return chooser;
    }

    private void prepare(Dialog<?> dialog) {
        Window w = owner.get();
        if (w != null) {
            dialog.initOwner(w);
            dialog.getDialogPane().getStylesheets().addAll(w.getScene().getStylesheets());
        }
    }
}
