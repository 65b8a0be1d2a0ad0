package io.rolegate.console.live;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.testfx.api.FxRobot;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

/** The console window as it is drawn now, as a PNG: for the guide, and for a person to look at. */
final class Screenshots {
    private Screenshots() {
    }

    static void save(FxRobot robot, Path file) throws Exception {
        save(robot, null, file);
    }

    /** The window {@code inWindow} is drawn in (a trace window, say); null: the robot's target window. */
    static void save(FxRobot robot, javafx.scene.Node inWindow, Path file) throws Exception {
        write(image(robot, inWindow == null ? robot.targetWindow().getScene() : inWindow.getScene()), file);
    }

    /** {@code scene} as it is drawn now (taken on the JavaFX thread). */
    static BufferedImage image(FxRobot robot, Scene scene) {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = scene.snapshot(null));
        int w = (int) shot[0].getWidth();
        int h = (int) shot[0].getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = shot[0].getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        return out;
    }

    static void write(BufferedImage image, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
