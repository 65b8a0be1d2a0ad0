package io.rolegate.console.live;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.demo.DemoDirectory;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 item 8 on the demo: the settings history shows each version as it is saved (mapping changes too), the
 * problems go as soon as they are fixed, and the policies are edited in the form, saved as an audited version by
 * the engine, which refuses it to a read-only login, and taken by the running engine at once (decision 0021).
 */
class SettingsFollowConsoleTest extends DemoConsoleTest {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }

    private static TableView<ConfigVersion> history(FxRobot robot) {
        return robot.lookup("#historyTable").queryTableView();
    }

    private static int newest(FxRobot robot) {
        List<ConfigVersion> rows = history(robot).getItems();
        return rows.isEmpty() ? 0 : rows.get(0).version();
    }

    private static void type(FxRobot robot, String field, String text) {
        TextField f = robot.lookup(field).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    private static String error(FxRobot robot, String field) {
        Label l = robot.lookup("#error-" + field).queryAs(Label.class);
        return l.isVisible() ? l.getText() : "";
    }

    @Test
    void mappingChangesShowInTheHistoryAsTheyAreSaved(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#settingsNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> newest(robot) > 0);
        int before = newest(robot);
        ConsoleIdentity alice = shell.user().identity();
        List<Mapping> start = demo.engine().directory().mappings();
        List<Mapping> more = new ArrayList<>(start);
        more.add(new Mapping(DemoDirectory.groupDn("interns"), Set.of("readonly_role")));
        // another room of the engine saves two versions while the settings view is open
        demo.engine().directory().applyMappings(more, alice, "interns may read");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> newest(robot) == before + 1);
        demo.engine().directory().applyMappings(start, alice, "interns may not read after all");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> newest(robot) == before + 2);
        assertThat(history(robot).getItems().get(0).comment()).isEqualTo("interns may not read after all");
        assertThat(history(robot).getItems().get(1).comment()).isEqualTo("interns may read");
    }

    @Test
    void policiesAreEditedInTheFormAndProblemsGoAsTheyAreFixed(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#settingsNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> newest(robot) > 0);
        int before = newest(robot);

        type(robot, "#setting-policies-maxSessionsPerUser", "lots");
        type(robot, "#setting-policies-timeWindow-days", "mon, tue");
        robot.clickOn("#saveSettings");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !error(robot, "policies-maxSessionsPerUser").isEmpty()
                && !error(robot, "policies-timeWindow-from").isEmpty());
        assertThat(error(robot, "policies-timeWindow-from")).contains("required");
        Label footer = robot.lookup("#settingsLastAction").queryAs(Label.class);
        assertThat(footer.getText()).startsWith("Save the settings: not done");

        // fixing one problem takes its message away at once; fixing the last one clears the footer too
        type(robot, "#setting-policies-maxSessionsPerUser", "3");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> error(robot, "policies-maxSessionsPerUser").isEmpty());
        assertThat(footer.getText()).startsWith("Save the settings: not done");
        type(robot, "#setting-policies-timeWindow-days", "");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> error(robot, "policies-timeWindow-from").isEmpty()
                && footer.getText().isEmpty());

        type(robot, "#setting-policies-allowedSources", "10.0.0.0/8, 127.0.0.1/32");
        robot.clickOn("#saveSettings");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#reasonField").tryQuery().isPresent());
        robot.clickOn("#reasonField").write("at most three sessions each, from our networks");
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Save".equals(b.getText())).queryButton());
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> newest(robot) == before + 1);
        // the running engine took the version at once, and the view says what applied (no restart needed)
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> footer.getText().startsWith("Saved configuration"
                + " version " + (before + 1)));
        assertThat(footer.getText()).contains("Applied now: policies.allowedSources, policies.maxSessionsPerUser")
                .doesNotContain("restart");
        assertThat(demo.engine().config().access().policies().maxSessionsPerUser()).isEqualTo(3);
        Label pending = robot.lookup("#pendingRestart").queryAs(Label.class);
        assertThat(pending.isVisible()).as("nothing waits for a restart: %s", pending.getText()).isFalse();
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.CONFIG_APPLIED)))
                .anySatisfy(r -> assertThat(r.event().message()).contains("configuration version " + (before + 1)
                        + " by alice", "applied now: policies.allowedSources, policies.maxSessionsPerUser"));
        String saved = demo.engine().settings().latestYaml();
        assertThat(saved).contains("maxSessionsPerUser: 3").contains("10.0.0.0/8").doesNotContain("timeWindow");
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.CONFIG_CHANGED)))
                .anySatisfy(r -> {
                    assertThat(r.event().actor()).isEqualTo("alice");
                    assertThat(r.event().details().toString()).contains("at most three sessions each");
                });

        // the engine decides who may save: a read-only login is refused, whatever a console would let it try
        ConsoleIdentity carol = demo.engine().directory().consoleLogin("carol",
                ConsoleLogins.demoUser(demo, "carol").password().toCharArray());
        assertThatThrownBy(() -> demo.engine().settings().save(saved.replace("maxSessionsPerUser: 3",
                "maxSessionsPerUser: 0"), Map.of(), carol, "no limits")).isInstanceOf(PermissionDenied.class);
        assertThat(newest(robot)).isEqualTo(before + 1);

        // put the demo back as it was for the other tests (the running engine takes this at once too)
        type(robot, "#setting-policies-maxSessionsPerUser", "");
        type(robot, "#setting-policies-allowedSources", "");
        robot.clickOn("#saveSettings");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#reasonField").tryQuery().isPresent());
        robot.clickOn("#reasonField").write("back to the demo's policies");
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Save".equals(b.getText())).queryButton());
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> newest(robot) == before + 2);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> demo.engine().config().access().policies().maxSessionsPerUser() == 0);
    }
}
