package io.rolegate.console.common;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/**
 * Loads a view's FXML with a controller the caller built, so each controller receives its view model through its
 * constructor instead of a global registry.
 */
public final class ViewLoader {
    private ViewLoader() {
    }

    public static Parent load(Class<?> owner, String fxml, Object controller) {
        URL url = owner.getResource(fxml);
        if (url == null) {
            throw new IllegalStateException("missing view " + fxml + " next to " + owner.getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("could not load view " + fxml, e);
        }
    }
}
