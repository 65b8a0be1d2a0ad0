package io.rolegate.console.live;

import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.demo.DemoDirectory;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
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
 * Issue 16 item 5 on the demo: a group is mapped without a mouse drag (keyboard, context menu, the "Map to role…"
 * chooser), Undo and Redo show the dry run before they apply, the role cards keep their order, and the access
 * preview follows every change.
 */
class MappingKeyboardConsoleTest extends DemoConsoleTest {
    private static final String INTERNS = DemoDirectory.groupDn("interns");

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }

    private static boolean internsMapped() {
        return demo.engine().directory().mappings().stream()
                .anyMatch(m -> Dns.same(m.groupDn(), INTERNS) && m.roles().contains("analyst_role"));
    }

    private static List<String> cardOrder(FxRobot robot) {
        return robot.lookup("#roleCards").queryAs(FlowPane.class).getChildren().stream().map(Node::getId).toList();
    }

    private static void waitForDryRun(FxRobot robot, String header) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#dryRunTable").tryQuery().isPresent());
        assertThat(robot.lookup((Node n) -> n instanceof DialogPane).queryAs(DialogPane.class).getHeaderText())
                .isEqualTo("Dry run: " + header);
    }

    private static void press(FxRobot robot, String button) {
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && button.equals(b.getText())).queryButton());
    }

    private static String preview(FxRobot robot) {
        return robot.lookup("#previewResult").queryAs(Label.class).getText();
    }

    @Test
    void theKeyboardMapsAGroupThroughTheChooserAndUndoRedoShowTheirDryRun(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#mappingNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#group-interns").tryQuery().isPresent()
                && robot.lookup("#role-analyst_role").tryQuery().isPresent());
        List<String> order = cardOrder(robot);
        robot.clickOn("#previewUser").write("dave").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> preview(robot).startsWith("dave would be refused"));

        // Enter on the selected group asks for the role (cancelled here), and so does Ctrl+M
        robot.clickOn("#group-interns");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#roleChoices").tryQuery().isPresent());
        press(robot, "Cancel");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#roleChoices").tryQuery().isEmpty());
        robot.press(KeyCode.CONTROL, KeyCode.M).release(KeyCode.M, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#roleChoices").tryQuery().isPresent());
        ListView<String> choices = robot.lookup("#roleChoices").queryListView();
        assertThat(choices.getItems()).contains("analyst_role", "dba_role", "readonly_role")
                .noneMatch(r -> r.equals("alice") || r.equals("rolegate_admin"));
        robot.interact(() -> choices.getSelectionModel().select("analyst_role"));
        robot.type(KeyCode.ENTER);

        waitForDryRun(robot, "map group interns to analyst_role");
        assertThat(robot.lookup("#dryRunTable").queryTableView().getItems()).singleElement()
                .hasToString("Row[user=dave, gains=analyst_role, loses=—, note=]");
        press(robot, "Apply");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#chip-analyst_role-interns")
                .tryQuery().isPresent() && preview(robot).startsWith("dave would get analyst_role"));
        assertThat(internsMapped()).isTrue();
        assertThat(cardOrder(robot)).as("the cards stay where they were").isEqualTo(order);

        // Undo: the same dry run first; cancelling it changes nothing
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitForDryRun(robot, "undo: map group interns to analyst_role");
        TableView<?> undo = robot.lookup("#dryRunTable").queryTableView();
        assertThat(undo.getItems()).singleElement().asString().startsWith("Row[user=dave, gains=—, loses=analyst_role");
        press(robot, "Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(internsMapped()).as("a cancelled undo keeps the mapping").isTrue();

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitForDryRun(robot, "undo: map group interns to analyst_role");
        press(robot, "Apply");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !internsMapped()
                && robot.lookup("#chip-analyst_role-interns").tryQuery().isEmpty()
                && preview(robot).startsWith("dave would be refused"));
        assertThat(cardOrder(robot)).isEqualTo(order);

        // Redo (Edit ▸ Redo, Ctrl+Shift+Z): its dry run, then applied again
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        waitForDryRun(robot, "redo: map group interns to analyst_role");
        press(robot, "Apply");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> internsMapped()
                && preview(robot).startsWith("dave would get analyst_role"));

        // and back, so the demo is as it started for the other tests
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitForDryRun(robot, "undo: map group interns to analyst_role");
        press(robot, "Apply");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !internsMapped());
    }

    @Test
    void aGroupInTheDirectoryTreeHasMapToRoleInItsContextMenu(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#directoryNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !shell.directory().busyProperty().get()
                && robot.lookup("interns · 1 member").tryQuery().isPresent());
        Node interns = robot.from(robot.lookup("#ouTree").queryAll())
                .lookup((Node n) -> n instanceof TreeCell<?> c && "interns · 1 member".equals(c.getText())).query();
        robot.clickOn(interns);
        // the menu a right click or Shift+F10 opens (Monocle sends no context-menu event for either): its item
        javafx.scene.control.ContextMenu menu = ((TreeCell<?>) interns).getContextMenu();
        assertThat(menu.getItems()).extracting(javafx.scene.control.MenuItem::getText)
                .containsExactly("_Map to role…  (Ctrl+M)");
        // not robot.interact: the chooser waits for an answer inside the action, and interact would wait for it
        javafx.application.Platform.runLater(() -> menu.getItems().get(0).fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#roleChoices").tryQuery().isPresent());
        assertThat(robot.lookup((Node n) -> n instanceof DialogPane).queryAs(DialogPane.class).getHeaderText())
                .isEqualTo("Map group interns to which role?");
        press(robot, "Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#dryRunTable").tryQuery()).as("cancelled: no dry run, nothing changed").isEmpty();
        assertThat(internsMapped()).isFalse();
    }

    @Test
    void aReadOnlyUserGetsNoChooser(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "carol");
        robot.clickOn("#mappingNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#group-interns").tryQuery().isPresent());
        robot.clickOn("#group-interns");
        robot.press(KeyCode.CONTROL, KeyCode.M).release(KeyCode.M, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup((Node n) -> n instanceof DialogPane)
                .tryQuery().isPresent());
        assertThat(robot.lookup((Node n) -> n instanceof DialogPane).queryAs(DialogPane.class).getContentText())
                .isEqualTo("carol is logged in read-only and cannot change mappings");
        assertThat(robot.lookup("#roleChoices").tryQuery()).isEmpty();
        press(robot, "OK");
    }
}
