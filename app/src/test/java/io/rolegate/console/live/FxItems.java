package io.rolegate.console.live;

import javafx.application.Platform;
import javafx.collections.ObservableList;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A copy of a control's items taken on the JavaFX thread. Views that refresh (sessions, audit, traces) replace their
 * items there; a test thread walking the live list meanwhile can meet a ConcurrentModificationException.
 */
final class FxItems {
    private FxItems() {
    }

    static <T> List<T> of(ObservableList<T> items) {
        if (Platform.isFxApplicationThread()) {
            return new ArrayList<>(items);
        }
        try {
            return WaitForAsyncUtils.asyncFx(() -> new ArrayList<>(items)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the items on the JavaFX thread", e);
        }
    }
}
