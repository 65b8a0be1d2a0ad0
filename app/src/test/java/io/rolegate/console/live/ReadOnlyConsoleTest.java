package io.rolegate.console.live;

import io.rolegate.console.demo.Demo;
import io.rolegate.console.sessions.SessionRow;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.PermissionDenied;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 4 through the window: carol (read-only) finds every way to change something greyed out, a
 * keyboard shortcut does nothing, and the same calls made straight on the facade with her identity are refused by
 * the engine and audited — against the demo's real engine, directory and PostgreSQL.
 */
@ExtendWith(ApplicationExtension.class)
class ReadOnlyConsoleTest {
    private static Demo demo;
    private ConsoleWindow window;
    private ConsoleShell shell;

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
        window = ConsoleWindow.show(stage);
        shell = window.shell;
        shell.attach(demo.engine(), demo.connectHint());
    }

    @Stop
    void stop() throws Exception {
        window.close();
    }


    @Test
    void aReadOnlyUserCanChangeNothingThroughTheWindowNorTheFacade(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "carol");
        ConsoleIdentity carol = shell.user().identity();
        assertThat(carol.mayAdminister()).isFalse();
        try (Connection alice = ConsoleLogins.session(demo, "alice", "alice-at-work")) {
            TableView<SessionRow> sessions = robot.lookup("#sessionsTable").queryTableView();
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !sessions.getItems().isEmpty());
            robot.interact(() -> sessions.getSelectionModel().select(0));
            assertThat(robot.lookup("#disconnectButton").queryButton().isDisabled()).isTrue();
            assertThat(robot.lookup("#cancelButton").queryButton().isDisabled()).isTrue();
            String why = Tooltips.of(robot.lookup("#sessionActions").query());
            assertThat(why).isEqualTo("carol is logged in read-only (" + shell.user().why() + ") and may not end"
                    + " sessions or cancel queries: only members of the console admin group (console.adminGroup) may.");
            assertThat(Tooltips.hoverAndSave(robot, robot.lookup("#cancelButton").query(),
                    java.nio.file.Path.of("target", "read-only-sessions.png"))).as("resting the mouse on Cancel query")
                    .isEqualTo(why);

            assertThat(shell.viewModel().canStopProperty().get()).as("Engine ▸ Stop and Restart").isFalse();
            robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.X).release(KeyCode.X, KeyCode.SHIFT, KeyCode.CONTROL);
            robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.R).release(KeyCode.R, KeyCode.SHIFT, KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(demo.engine().state()).isEqualTo(EngineState.RUNNING);

            robot.clickOn("#settingsNav");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#saveSettings").tryQuery().isPresent());
            assertThat(robot.lookup("#saveSettings").queryButton().isDisabled()).as("Save").isTrue();
            assertThat(robot.lookup("#importYaml").queryButton().isDisabled()).as("Import").isTrue();
            assertThat(robot.lookup("#rollbackButton").queryButton().isDisabled()).as("Roll back").isTrue();

            // the window is not the lock: the same calls, straight on the facade, as carol
            var engine = demo.engine();
            long session = engine.sessions().get(0).id();
            List<Mapping> grab = new ArrayList<>(engine.directory().mappings());
            grab.add(new Mapping(grab.get(0).groupDn(), Set.of("dba_role")));
            String yaml = engine.settings().latestYaml();
            List<Runnable> attempts = List.of(
                    () -> engine.disconnect(session, "no", carol),
                    () -> engine.cancelQuery(session, carol),
                    () -> engine.stop(Duration.ZERO, carol),
                    () -> engine.directory().applyMappings(grab, carol, "me too"),
                    () -> engine.settings().save(yaml + "\n", Map.of(), carol, "mine"),
                    () -> engine.settings().rollback(1, carol, "back"));
            for (Runnable attempt : attempts) {
                assertThatThrownBy(attempt::run).isInstanceOf(PermissionDenied.class)
                        .hasMessageContaining("carol may only look");
            }
            assertThat(alice.isValid(2)).as("alice's session lives on").isTrue();
            assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
            assertThat(engine.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED)))
                    .filteredOn(r -> r.event().actor().equals("carol")).hasSize(attempts.size());
        }
    }
}
