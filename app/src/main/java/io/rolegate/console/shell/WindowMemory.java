package io.rolegate.console.shell;

import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.prefs.Preferences;

/** Remembers where the window was and how large, per OS user, so the console reopens as it was left. */
public final class WindowMemory {
    private final Preferences prefs;

    public WindowMemory(Preferences prefs) {
        this.prefs = prefs;
    }

    public static WindowMemory forUser() {
        return new WindowMemory(Preferences.userRoot().node("io/rolegate/console/window"));
    }

    public void restore(Stage stage, double defaultWidth, double defaultHeight) {
        double w = prefs.getDouble("width", defaultWidth);
        double h = prefs.getDouble("height", defaultHeight);
        double x = prefs.getDouble("x", Double.NaN);
        double y = prefs.getDouble("y", Double.NaN);
        stage.setWidth(w);
        stage.setHeight(h);
        // a window remembered on a monitor that is gone would open out of reach: only restore a visible spot
        if (!Double.isNaN(x) && !Screen.getScreensForRectangle(x, y, w, h).isEmpty()) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("maximized", false));
    }

    public void remember(Stage stage) {
        prefs.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("width", stage.getWidth());
            prefs.putDouble("height", stage.getHeight());
            prefs.putDouble("x", stage.getX());
            prefs.putDouble("y", stage.getY());
        }
    }
}
