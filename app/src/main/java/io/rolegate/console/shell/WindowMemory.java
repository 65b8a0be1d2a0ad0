package io.rolegate.console.shell;

import javafx.stage.Screen;
import javafx.stage.Stage;

import java.util.prefs.Preferences;

/** Remembers where the window was and how large, per OS user, so the console reopens as it was left. */
public final class WindowMemory {
    /** The smallest window every view is laid out for (issue 16 item 9): smaller would cut views off. */
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 700;

    private final Preferences prefs;

    public WindowMemory(Preferences prefs) {
        this.prefs = prefs;
    }

    public static WindowMemory forUser() {
        return new WindowMemory(Preferences.userRoot().node("io/rolegate/console/window"));
    }

    /** The window may not be made smaller than {@link #MIN_WIDTH} × {@link #MIN_HEIGHT}. */
    public static void limit(Stage stage) {
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        // most window managers keep to the minimum themselves; where one does not, the window grows back
        stage.widthProperty().addListener((o, old, w) -> {
            if (w.doubleValue() < MIN_WIDTH && !stage.isIconified()) {
                stage.setWidth(MIN_WIDTH);
            }
        });
        stage.heightProperty().addListener((o, old, h) -> {
            if (h.doubleValue() < MIN_HEIGHT && !stage.isIconified()) {
                stage.setHeight(MIN_HEIGHT);
            }
        });
    }

    public void restore(Stage stage, double defaultWidth, double defaultHeight) {
        limit(stage);
        double w = Math.max(MIN_WIDTH, prefs.getDouble("width", defaultWidth));
        double h = Math.max(MIN_HEIGHT, prefs.getDouble("height", defaultHeight));
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
