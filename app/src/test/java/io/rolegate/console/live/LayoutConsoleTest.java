package io.rolegate.console.live;

import io.rolegate.console.shell.WindowMemory;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 9: the console at its smallest size, 1024×700, on the demo: every view fits (no control lies outside
 * the window, no label or button is cut to "…"), the window will not shrink below that, F1 shows the keyboard
 * shortcuts, Tab and F6 reach the sidebar.
 */
class LayoutConsoleTest extends DemoConsoleTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        open(stage, ConsoleWindow.show(stage, WindowMemory.MIN_WIDTH, WindowMemory.MIN_HEIGHT));
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }

    @Test
    void everyViewFitsA1024By700Window(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        try (var ignored = ConsoleLogins.session(demo, "bob", "layout-check")) {
            for (String nav : List.of("#sessionsNav", "#throughputNav", "#directoryNav", "#mappingNav", "#auditNav",
                    "#settingsNav")) {
                robot.clickOn(nav);
                WaitForAsyncUtils.waitForFxEvents();
                Thread.sleep(1500); // one engine tick fills the tables and charts
                WaitForAsyncUtils.waitForFxEvents();
                List<String> problems = WaitForAsyncUtils.asyncFx(() -> outOfWindow(stage.getScene())).get();
                assertThat(problems).as(nav + " at 1024×700").isEmpty();
            }
        }
    }

    @Test
    void theWindowDoesNotShrinkBelowItsMinimum(FxRobot robot) throws Exception {
        assertThat(stage.getMinWidth()).isEqualTo(WindowMemory.MIN_WIDTH);
        assertThat(stage.getMinHeight()).isEqualTo(WindowMemory.MIN_HEIGHT);
        robot.interact(() -> {
            stage.setWidth(600);
            stage.setHeight(400);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.getWidth()).isGreaterThanOrEqualTo(WindowMemory.MIN_WIDTH);
        assertThat(stage.getHeight()).isGreaterThanOrEqualTo(WindowMemory.MIN_HEIGHT);
    }

    @Test
    void f1ShowsTheKeyboardShortcutsAndTabAndF6ReachTheSidebar(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#settingsNav");
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#keyboardHelp").tryQuery().isPresent());
        assertThat(robot.lookup((Node n) -> n instanceof Labeled l && "Ctrl+M".equals(l.getText())).tryQuery())
                .isPresent();
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.Button b
                && "Close".equals(b.getText())).queryButton());

        focus(robot, "#setting-directory-urls");
        boolean reached = false;
        for (int i = 0; i < 80 && !reached; i++) {
            robot.type(KeyCode.TAB);
            reached = focusIsInTheSidebar();
        }
        assertThat(reached).as("Tab goes round to the sidebar").isTrue();

        focus(robot, "#setting-directory-urls");
        robot.type(KeyCode.F6);
        assertThat(focusIsInTheSidebar()).as("F6 jumps to the sidebar").isTrue();
        robot.type(KeyCode.F6);
        assertThat(focusIsInTheSidebar()).as("and F6 again back into the view").isFalse();
    }

    @Test
    void everyMenuAndMenuItemHasAMnemonic(FxRobot robot) {
        javafx.scene.control.MenuBar bar = robot.lookup((Node n) -> n instanceof javafx.scene.control.MenuBar)
                .query();
        List<String> without = new ArrayList<>();
        for (javafx.scene.control.Menu menu : bar.getMenus()) {
            if (!menu.getText().contains("_")) {
                without.add(menu.getText());
            }
            menu.getItems().stream().filter(i -> !(i instanceof javafx.scene.control.SeparatorMenuItem))
                    .filter(i -> i.getText() == null || !i.getText().contains("_") || !i.isMnemonicParsing())
                    .forEach(i -> without.add(menu.getText() + " ▸ " + i.getText()));
        }
        assertThat(without).as("menus and items without an underlined letter").isEmpty();
    }

    private static void focus(FxRobot robot, String query) {
        Node field = robot.lookup(query).query();
        robot.interact(field::requestFocus);
    }

    private boolean focusIsInTheSidebar() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> stage.getScene().getFocusOwner() instanceof ToggleButton t
                && t.getStyleClass().contains("nav-button")).get();
    }

    /** Every control or label shown outside the window, or cut short to "…", with where it is. */
    static List<String> outOfWindow(Scene scene) {
        List<String> out = new ArrayList<>();
        walk(scene.getRoot(), scene.getWidth(), scene.getHeight(), out);
        return out;
    }

    private static void walk(Node node, double width, double height, List<String> out) {
        if (!node.isVisible() || node instanceof VirtualFlow<?> || node instanceof ScrollPane
                || node instanceof javafx.scene.control.skin.TableHeaderRow
                || node instanceof javafx.scene.control.TextInputControl) {
            return; // lists, tables (headers too), scroll panes and text fields scroll their content by design
        }
        Bounds b = node.localToScene(node.getLayoutBounds());
        boolean sized = b.getWidth() > 0 && b.getHeight() > 0;
        if (sized && (node instanceof javafx.scene.control.Control || node instanceof Text)
                && (b.getMinX() < -1 || b.getMinY() < -1 || b.getMaxX() > width + 1 || b.getMaxY() > height + 1)) {
            out.add(describe(node) + " lies outside the window at " + round(b));
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && sized
                && !l.isWrapText()) {
            Node shown = l.lookup(".text");
            if (shown instanceof Text t && !t.getText().equals(l.getText()) && t.getText().endsWith("…")) {
                out.add(describe(node) + " is cut to \"" + t.getText() + "\"");
            }
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, width, height, out);
            }
        }
    }

    /**
     * Whether {@code field}'s prompt is drawn whole: the skin clips the prompt to the field's text area (it is not cut
     * to "…", it just stops), so its right edge is compared with the clip's. Call on the JavaFX thread.
     */
    static boolean promptCut(javafx.scene.control.TextField field) {
        Text prompt = field.lookupAll(".text").stream().filter(n -> n instanceof Text t
                && field.getPromptText().equals(t.getText())).map(n -> (Text) n).findFirst().orElseThrow(
                        () -> new AssertionError("no prompt drawn in " + describe(field)));
        Node area = prompt.getParent();
        while (area != null && area.getClip() == null) {
            area = area.getParent();
        }
        if (area == null) {
            throw new AssertionError("the prompt of " + describe(field) + " is not clipped: cannot tell");
        }
        Bounds shown = area.localToScene(area.getClip().getBoundsInParent());
        Bounds drawn = prompt.localToScene(prompt.getLayoutBounds());
        return drawn.getMaxX() > shown.getMaxX() + 0.5;
    }

    private static String describe(Node n) {
        String text = n instanceof Labeled l ? " \"" + l.getText() + "\"" : n instanceof Text t ? " \""
                + t.getText() + "\"" : "";
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId()) + text;
    }

    private static String round(Bounds b) {
        return String.format("(%.0f,%.0f)-(%.0f,%.0f)", b.getMinX(), b.getMinY(), b.getMaxX(), b.getMaxY());
    }
}
