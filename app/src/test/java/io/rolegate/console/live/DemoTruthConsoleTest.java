package io.rolegate.console.live;

import io.rolegate.engine.api.DemoEnvironment;
import io.rolegate.engine.api.model.ConsoleIdentity;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 item 10: the login card lists every demo account with its password and what it gets, and what it says
 * is what the engine does; the DBA's psql line (with her password) is not shown to a read-only user.
 */
class DemoTruthConsoleTest extends DemoConsoleTest {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }

    private static List<String> card(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup(".demo-account").tryQuery().isPresent());
        return robot.lookup(".demo-account").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    @Test
    void theLoginCardShowsEveryAccountAndWhatItGets(FxRobot robot) throws Exception {
        List<String> lines = card(robot);
        List<DemoEnvironment.DemoLogin> logins = demo.logins();
        assertThat(lines).hasSize(5);
        for (int i = 0; i < logins.size(); i++) {
            DemoEnvironment.DemoLogin l = logins.get(i);
            assertThat(lines.get(i)).startsWith(l.user() + "  ·  " + l.password() + "  ·  console: ")
                    .endsWith("psql: " + l.expect());
        }
        assertThat(lines.get(0)).contains("console: administrator");
        assertThat(lines.get(1)).contains("console: refused");
        assertThat(lines.get(2)).contains("console: read-only");
        assertThat(lines.get(3)).contains("console: refused");
        assertThat(lines.get(4)).contains("console: refused (account locked)");
    }

    @Test
    void whatTheCardSaysOfTheConsoleIsWhatTheEngineDoes() {
        var directory = demo.engine().directory();
        ConsoleIdentity alice = directory.consoleLogin("alice", ConsoleLogins.demoUser(demo, "alice").password()
                .toCharArray());
        ConsoleIdentity carol = directory.consoleLogin("carol", ConsoleLogins.demoUser(demo, "carol").password()
                .toCharArray());
        assertThat(alice.mayAdminister()).isTrue();
        assertThat(carol.mayAdminister()).isFalse();
        for (String refused : List.of("bob", "dave", "erin")) {
            char[] pw = ConsoleLogins.demoUser(demo, refused).password().toCharArray();
            assertThatThrownBy(() -> directory.consoleLogin(refused, pw)).as(refused).isInstanceOf(Exception.class);
        }
    }

    @Test
    void aReadOnlyUserDoesNotSeeTheDbasPsqlLine(FxRobot robot) throws Exception {
        String alicePassword = ConsoleLogins.demoUser(demo, "alice").password();
        TextField command = robot.lookup("#connectCommand").queryAs(TextField.class);
        ConsoleLogins.logIn(robot, demo, "carol");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shown(command)).isFalse();
        assertThat(command.getText()).doesNotContain(alicePassword);
        assertThat(robot.lookup((Node n) -> n instanceof javafx.scene.control.Labeled l && shown(n)
                && l.getText() != null && l.getText().contains(alicePassword)).tryQuery()).isEmpty();
    }

    @Test
    void theDbaStillSeesHerPsqlLine(FxRobot robot) throws Exception {
        TextField command = robot.lookup("#connectCommand").queryAs(TextField.class);
        ConsoleLogins.logIn(robot, demo, "alice");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shown(command)).isTrue();
        assertThat(command.getText()).contains(ConsoleLogins.demoUser(demo, "alice").password());
    }
}
