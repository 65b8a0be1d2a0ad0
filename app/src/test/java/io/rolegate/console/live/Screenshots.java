package io.rolegate.console.live;

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
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = robot.targetWindow().getScene().snapshot(null));
        int w = (int) shot[0].getWidth();
        int h = (int) shot[0].getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = shot[0].getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(out, "png", file.toFile());
    }
}
