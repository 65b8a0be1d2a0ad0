package io.rolegate.console.live;

import io.rolegate.console.demo.Demo;
import io.rolegate.console.shell.ConsoleShell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A console window on the demo (embedded PostgreSQL, in-memory directory, the engine in directory mode), one demo
 * per test class and a fresh window, at its login form, per test.
 */
@ExtendWith(ApplicationExtension.class)
abstract class DemoConsoleTest {
    static Demo demo;
    ConsoleShell shell;
    private ConsoleWindow window;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = Demo.start();
    }

    @AfterAll
    static void stopDemo() throws Exception {
        demo.close();
    }

    /** Call from the subclass's {@code @Start}: TestFX only runs {@code @Start} methods a test class declares. */
    void open(Stage stage) {
        open(stage, ConsoleWindow.show(stage));
    }

    /** As {@link #open(Stage)}, in a window made elsewhere (another size). */
    void open(Stage stage, ConsoleWindow shown) {
        window = shown;
        shell = window.shell;
        shell.attach(demo.engine(), demo.connectHint(), demo.consoleAccounts());
    }

    /**
     * As {@link #open(Stage)} without showing the demo's engine in-process: the test attaches the window to an
     * engine over its admin API ({@code shell.attach(AttachRequest)}).
     */
    void openDetached(Stage stage) {
        window = ConsoleWindow.show(stage);
        shell = window.shell;
    }

    /** Call from the subclass's {@code @Stop}. */
    void closeWindow() throws Exception {
        window.close();
    }
}
