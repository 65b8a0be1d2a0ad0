package io.rolegate.console.settings;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up prompt in a real window: problems show as the person types, and Start waits for valid input. */
@ExtendWith(ApplicationExtension.class)
class StartupSettingsDialogTest {
    private final Preferences prefs = Preferences.userRoot().node("io/rolegate/console/dialog-test-" + System.nanoTime());
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 600, 400));
        stage.show();
    }

    @AfterEach
    void forget() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void aWrongPortIsExplainedAndStartStaysDisabledUntilItIsFixed(FxRobot robot) throws Exception {
        StartupSettingsViewModel vm = new StartupSettingsViewModel(prefs, Path.of("/tmp/rolegate-dialog-test"));
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Platform.runLater(() -> answer.complete(StartupSettingsDialog.show(stage, vm)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#upstreamPortField").tryQuery()
                .map(field -> field.getScene().getWindow().isShowing()).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        Button start = robot.lookup((Node n) -> n instanceof Button b && "Start".equals(b.getText())).queryButton();

        robot.doubleClickOn("#upstreamPortField").eraseText(4).write("99999");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(start.isDisabled()).isTrue();
        assertThat(robot.lookup(".field-error").queryAs(Label.class).getText()).contains("1 to 65535");

        robot.doubleClickOn("#upstreamPortField").eraseText(5).write("6543");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(start.isDisabled()).isFalse();
        robot.clickOn(start);
        assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(vm.toConfig().upstreamPort()).isEqualTo(6543);
    }
}
