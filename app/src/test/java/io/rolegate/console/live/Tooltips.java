package io.rolegate.console.live;

import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The tooltip a person sees on a control (or on the box around greyed buttons, which show none of their own). */
final class Tooltips {
    /** Where {@link Tooltip#install} keeps a node's tooltip. */
    private static final String INSTALLED = "javafx.scene.control.Tooltip";

    private Tooltips() {
    }

    /** The text of the tooltip installed on {@code node}, waiting for it to be there; fails when none comes. */
    static String of(Node node) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> node.getProperties().get(INSTALLED) != null);
        return ((Tooltip) node.getProperties().get(INSTALLED)).getText();
    }

    /**
     * Rests the mouse on {@code node} until a tooltip shows, as a person would, and saves the window with the tooltip
     * drawn over it; returns the text shown. Fails when no tooltip shows within 10 s.
     */
    static String hoverAndSave(FxRobot robot, Node node, Path file) throws Exception {
        robot.moveTo(node);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown(robot) != null);
        Tooltip tip = shown(robot);
        BufferedImage window = Screenshots.image(robot, node.getScene());
        BufferedImage popup = Screenshots.image(robot, tip.getScene());
        Window w = node.getScene().getWindow();
        java.awt.Graphics2D g = window.createGraphics();
        g.drawImage(popup, (int) (tip.getX() - w.getX() - node.getScene().getX()),
                (int) (tip.getY() - w.getY() - node.getScene().getY()), null);
        g.dispose();
        Screenshots.write(window, file);
        return tip.getText();
    }

    private static Tooltip shown(FxRobot robot) {
        return robot.listWindows().stream().filter(w -> w instanceof Tooltip t && t.isShowing())
                .map(w -> (Tooltip) w).findFirst().orElse(null);
    }
}
