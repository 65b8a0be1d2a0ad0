package io.rolegate.console.live;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console logins leave a trace in the demo engine's audit log: who logged in at which level, and every refusal,
 * never with the password that was typed.
 */
class ConsoleLoginAuditTest extends DemoConsoleTest {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }

    private static List<AuditRecord> records(AuditEventType type, String user) {
        return demo.engine().auditRecords(AuditQuery.all().type(type).user(user));
    }

    private static void waitForRefusal(FxRobot robot) throws Exception {
        Label problem = robot.lookup("#loginProblem").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !problem.getText().isEmpty());
    }

    @Test
    void aWrongPasswordIsAuditedAsARefusalWithoutThePasswordTyped(FxRobot robot) throws Exception {
        String guess = "Summer2026-guess";
        ConsoleLogins.submit(robot, "bob", guess);
        waitForRefusal(robot);

        assertThat(records(AuditEventType.CONSOLE_LOGIN_REFUSED, "bob")).singleElement().satisfies(r -> {
            assertThat(r.event().actor()).isEqualTo("bob");
            assertThat(r.event().message()).contains("console login refused for bob")
                    .contains("wrong user name or password");
            assertThat(r.event().toString()).doesNotContain(guess);
        });
        assertThat(records(AuditEventType.CONSOLE_LOGIN, "bob")).isEmpty();
    }

    @Test
    void someoneOutsideTheConsoleGroupsIsAuditedAsARefusal(FxRobot robot) throws Exception {
        String password = ConsoleLogins.demoUser(demo, "dave").password();
        ConsoleLogins.submit(robot, "dave", password);
        waitForRefusal(robot);

        assertThat(records(AuditEventType.CONSOLE_LOGIN_REFUSED, "dave")).singleElement().satisfies(r -> {
            assertThat(r.event().message()).contains("dave may not use the console");
            assertThat(r.event().toString()).doesNotContain(password);
        });
        assertThat(records(AuditEventType.CONSOLE_LOGIN, "dave")).isEmpty();
    }

    @Test
    void aSuccessfulLoginIsOnRecordByTheTimeTheViewsOpen(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        // behind the login form: no view to switch to, and the status bar says so
        assertThat(robot.lookup("#auditNav").queryAs(ToggleButton.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#consoleUser").queryAs(Label.class).getText()).startsWith("Nobody logged in");
        String password = ConsoleLogins.demoUser(demo, "carol").password();
        ConsoleLogins.submit(robot, "carol", password);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#sessionsTable").tryQuery().isPresent());

        // read at once, without waiting: the login returns only after the audit commit
        assertThat(records(AuditEventType.CONSOLE_LOGIN, "carol")).singleElement().satisfies(r -> {
            assertThat(r.event().actor()).isEqualTo("carol");
            assertThat(r.event().message()).startsWith("console login: carol as read-only, member of ");
            assertThat(r.event().details()).contains("\"administrator\":false");
            assertThat(r.event().toString()).doesNotContain(password);
        });
        assertThat(records(AuditEventType.CONSOLE_LOGIN_REFUSED, "carol")).isEmpty();
        assertThat(robot.lookup("#auditNav").queryAs(ToggleButton.class).isDisabled()).isFalse();
        // carol only looks: the session buttons stay greyed out whatever she selects
        assertThat(robot.lookup("#disconnectButton").queryButton().isDisabled()).isTrue();
    }
}
