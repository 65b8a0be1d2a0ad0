package io.rolegate.console.live;

import io.rolegate.console.ConsoleApp;
import io.rolegate.console.common.FxDialogService;
import io.rolegate.console.common.FxTaskExecutor;
import io.rolegate.console.shell.ConsoleShell;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** A console window as the app builds it (its stylesheet, a real executor and dialogs) on a TestFX stage. */
final class ConsoleWindow implements AutoCloseable {
    private final FxTaskExecutor executor = new FxTaskExecutor();
    final ConsoleShell shell;

    private ConsoleWindow(Stage stage, Runnable quit, double width, double height) {
        shell = new ConsoleShell(executor, new FxDialogService(() -> stage), "os-user", quit);
        Scene scene = new Scene(shell.root(), width, height);
        scene.getStylesheets().add(ConsoleApp.class.getResource(ConsoleApp.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        io.rolegate.console.shell.WindowMemory.limit(stage);
        stage.show();
    }

    private ConsoleWindow(Stage stage, Runnable quit) {
        this(stage, quit, 1280, 800);
    }

    /** As {@link #show(Stage)}, the window {@code width} × {@code height}. */
    static ConsoleWindow show(Stage stage, double width, double height) {
        return new ConsoleWindow(stage, () -> { }, width, height);
    }

    /** Call from a TestFX {@code @Start} method (the FX thread). */
    static ConsoleWindow show(Stage stage) {
        return new ConsoleWindow(stage, () -> { });
    }

    /** As {@link #show(Stage)}, with {@code quit} run when the console asks the application to quit. */
    static ConsoleWindow show(Stage stage, Runnable quit) {
        return new ConsoleWindow(stage, quit);
    }

    @Override
    public void close() throws Exception {
        shell.close();
        executor.close();
    }
}
