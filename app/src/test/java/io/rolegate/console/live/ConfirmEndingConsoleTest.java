package io.rolegate.console.live;

import io.rolegate.console.demo.Demo;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.engine.api.model.EngineState;
import javafx.application.Platform;
import javafx.scene.control.DialogPane;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 1: Engine ▸ Stop, Restart and File ▸ Quit say how many live sessions would end and do nothing when
 * cancelled — against the demo's real engine with a live pgjdbc session.
 */
@ExtendWith(ApplicationExtension.class)
class ConfirmEndingConsoleTest {
    private static Demo demo;
    private ConsoleWindow window;
    private ConsoleShell shell;
    private final AtomicInteger quits = new AtomicInteger();

    @BeforeAll
    static void startDemo() throws Exception {
        demo = Demo.start();
    }

    @AfterAll
    static void stopDemo() throws Exception {
        demo.close();
    }

    @Start
    void start(Stage stage) {
        window = ConsoleWindow.show(stage, quits::incrementAndGet);
        shell = window.shell;
        shell.attach(demo.engine(), demo.connectHint());
    }

    @Stop
    void stop() throws Exception {
        window.close();
    }


    private static MenuItem menuItem(FxRobot robot, String id) {
        MenuBar bar = robot.lookup(".menu-bar").query();
        return bar.getMenus().stream().flatMap(m -> m.getItems().stream()).filter(i -> id.equals(i.getId()))
                .findFirst().orElseThrow();
    }

    private static boolean answers(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select 1")) {
            return r.next() && r.getInt(1) == 1;
        }
    }

    @Test
    void stopRestartAndQuitSayHowManySessionsWouldEndAndCancelLeavesTheEngineRunning(FxRobot robot)
            throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        try (Connection bob = ConsoleLogins.session(demo, "bob", null)) {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> shell.viewModel().sessionsProperty().get().startsWith("1 session"));
            for (String item : new String[] {"stopEngineItem", "restartEngineItem", "quitItem"}) {
                MenuItem menu = menuItem(robot, item);
                Platform.runLater(menu::fire); // the dialog waits for an answer: not from the robot's own call
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                        () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
                DialogPane dialog = robot.lookup(".dialog-pane").query();
                assertThat(dialog.getContentText()).as(item).startsWith("1 live session will end");
                // the pane can be in the scene graph a moment before its window shows: press its own Cancel button
                javafx.scene.control.Button cancel = robot.lookup(".dialog-pane .button").queryAllAs(
                        javafx.scene.control.Button.class).stream().filter(b -> "Cancel".equals(b.getText()))
                        .findFirst().orElseThrow();
                robot.interact(cancel::fire);
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                        () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
                WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
                assertThat(demo.engine().state()).as(item).isEqualTo(EngineState.RUNNING);
                assertThat(quits.get()).as(item).isZero();
                assertThat(answers(bob)).as("bob's session lives on after " + item).isTrue();
            }
        }
    }
}
