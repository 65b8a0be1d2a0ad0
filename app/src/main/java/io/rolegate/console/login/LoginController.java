package io.rolegate.console.login;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/** Binds the login form to {@link LoginViewModel}. */
public final class LoginController {
    private final LoginViewModel vm;

    @FXML private TextField usernameField;
    @FXML private PasswordField passwordField;
    @FXML private Button loginButton;
    @FXML private ProgressIndicator loginProgress;
    @FXML private Label problemLabel;
    @FXML private Label noteLabel;
    @FXML private VBox demoBox;
    @FXML private VBox demoAccounts;

    public LoginController(LoginViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        usernameField.textProperty().bindBidirectional(vm.usernameProperty());
        passwordField.textProperty().bindBidirectional(vm.passwordProperty());
        loginButton.disableProperty().bind(vm.cannotSubmit());
        usernameField.disableProperty().bind(vm.busyProperty());
        passwordField.disableProperty().bind(vm.busyProperty());
        loginProgress.visibleProperty().bind(vm.busyProperty());
        problemLabel.textProperty().bind(vm.problemProperty());
        noteLabel.textProperty().bind(vm.noteProperty());
        noteLabel.visibleProperty().bind(vm.noteProperty().isNotEmpty());
        noteLabel.managedProperty().bind(noteLabel.visibleProperty());
        demoBox.setVisible(!vm.demoAccounts().isEmpty());
        demoBox.setManaged(demoBox.isVisible());
        for (String line : vm.demoAccounts()) {
            Label l = new Label(line);
            l.getStyleClass().add("demo-account");
            l.setWrapText(true); // each line says what that account sees: never cut it short
            l.setMaxWidth(Double.MAX_VALUE);
            demoAccounts.getChildren().add(l);
        }
        usernameField.setOnAction(e -> passwordField.requestFocus());
        passwordField.setOnAction(e -> vm.logIn());
        // the form is the only thing to do: put the caret in it once it is on screen
        usernameField.sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                javafx.application.Platform.runLater(vm.usernameProperty().get().isEmpty()
                        ? usernameField::requestFocus : passwordField::requestFocus);
            }
        });
    }

    @FXML
    private void logIn() {
        vm.logIn();
    }
}
