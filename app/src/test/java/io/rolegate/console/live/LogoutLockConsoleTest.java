package io.rolegate.console.live;

import io.rolegate.console.demo.Demo;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.PermissionDenied;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 item 2: File ▸ Log out and Lock (Ctrl+L) change the person at the console and leave the engine and its
 * proxied sessions alone — alice logs out, the engine refuses her old login, carol logs in read-only, locks and
 * unlocks with her own password; against the demo's real engine, directory and PostgreSQL.
 */
@ExtendWith(ApplicationExtension.class)
class LogoutLockConsoleTest {
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

    private static boolean showsLoginForm(FxRobot robot) {
        return robot.lookup("#loginUser").tryQuery().isPresent()
                && robot.lookup("#sessionsTable").tryQuery().isEmpty();
    }

    @Test
    void logOutAndLockChangeThePersonAndLeaveTheEngineAndItsSessionsAlone(FxRobot robot) throws Exception {
        var engine = demo.engine();
        ConsoleLogins.logIn(robot, demo, "alice");
        ConsoleIdentity alice = shell.user().identity();
        assertThat(menuItem(robot, "logOutItem").isDisable()).isFalse();
        try (Connection bob = ConsoleLogins.session(demo, "bob", "bob-at-work")) {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !engine.sessions().isEmpty());
            long session = engine.sessions().get(0).id();

            robot.interact(() -> menuItem(robot, "logOutItem").fire());
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> showsLoginForm(robot));
            assertThat(shell.user()).isNull();
            assertThat(shell.viewModel().canChooseViewProperty().get()).isFalse();
            assertThat(menuItem(robot, "logOutItem").isDisable()).as("nobody to log out").isTrue();
            assertThatThrownBy(() -> engine.disconnect(session, "x", alice)).isInstanceOf(PermissionDenied.class)
                    .hasMessageContaining("not logged in");
            assertThat(engine.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_LOGOUT)))
                    .filteredOn(r -> r.event().actor().equals("alice")).hasSize(1);
            assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
            assertThat(answers(bob)).as("bob's session lives on").isTrue();

            ConsoleLogins.logIn(robot, demo, "carol");
            ConsoleIdentity carol = shell.user().identity();
            assertThat(carol.username()).isEqualTo("carol");
            assertThat(carol.mayAdminister()).isFalse();
            assertThat(shell.viewModel().canStopProperty().get()).isFalse();

            robot.clickOn("#sessionsTable");
            robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> showsLoginForm(robot));
            Label note = robot.lookup("#loginNote").query();
            assertThat(note.getText()).contains("Locked by").contains("logs carol out");
            assertThat(robot.lookup("#loginUser").queryTextInputControl().getText()).isEqualTo("carol");
            assertThat(shell.viewModel().canChooseViewProperty().get()).isFalse();

            robot.clickOn("#loginPassword").write("wrong password");
            robot.clickOn("#loginButton");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> !robot.lookup("#loginProblem").queryLabeled().getText().isEmpty());
            assertThat(showsLoginForm(robot)).as("still locked").isTrue();

            robot.clickOn("#loginPassword").write(ConsoleLogins.demoUser(demo, "carol").password());
            robot.clickOn("#loginButton");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> robot.lookup("#sessionsTable").tryQuery().isPresent());
            assertThat(shell.user().name()).isEqualTo("carol");
            assertThat(shell.viewModel().canChooseViewProperty().get()).isTrue();
            assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
            assertThat(answers(bob)).as("bob's session lives on").isTrue();

            // somebody else at the lock screen: carol is logged out, alice gets views of her own
            ConsoleIdentity carolAgain = shell.user().identity();
            robot.clickOn("#sessionsTable");
            robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> showsLoginForm(robot));
            robot.doubleClickOn("#loginUser").eraseText(5).write("alice");
            robot.clickOn("#loginPassword").write(ConsoleLogins.demoUser(demo, "alice").password());
            robot.clickOn("#loginButton");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> robot.lookup("#sessionsTable").tryQuery().isPresent());
            assertThat(shell.user().name()).isEqualTo("alice");
            assertThat(shell.viewModel().canStopProperty().get()).as("alice administers").isTrue();
            assertThatThrownBy(() -> engine.cancelQuery(session, carolAgain)).isInstanceOf(PermissionDenied.class)
                    .hasMessageContaining("not logged in");
            assertThat(answers(bob)).as("bob's session lives on").isTrue();
        }
    }
}
