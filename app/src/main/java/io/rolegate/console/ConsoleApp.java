package io.rolegate.console;

import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.FxDialogService;
import io.rolegate.console.common.FxTaskExecutor;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.demo.Demo;
import io.rolegate.console.settings.StartupSettingsDialog;
import io.rolegate.console.settings.StartupSettingsViewModel;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.console.shell.WindowMemory;
import io.rolegate.engine.api.Configuration;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.EngineFiles;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.prefs.Preferences;

/** The console application: one window, one engine (or the demo), stopped when the window closes. */
public final class ConsoleApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(ConsoleApp.class);
    public static final String STYLESHEET = "/io/rolegate/console/console.css";

    private final WindowMemory windowMemory = WindowMemory.forUser();
    private TaskExecutor executor;
    private DialogService dialogs;
    private ConsoleShell shell;
    private Stage stage;
    private Demo demo;
    private Engine engine;
    private boolean quitting;
    private boolean startInFlight;

    @Override
    public void start(Stage primary) {
        stage = primary;
        boolean demoMode = getParameters().getRaw().contains("--demo");
        executor = new FxTaskExecutor();
        dialogs = new FxDialogService(() -> stage);
        // with a directory the console login names the admin; without one, the operating-system user does
        shell = new ConsoleShell(executor, dialogs, System.getProperty("user.name"), this::quit);
        Scene scene = new Scene(shell.root());
        scene.getStylesheets().add(ConsoleApp.class.getResource(STYLESHEET).toExternalForm());
        stage.setTitle(demoMode ? "Rolegate console — demo" : "Rolegate console");
        stage.setScene(scene);
        windowMemory.restore(stage, 1320, 820);
        stage.setOnCloseRequest(e -> {
            e.consume();
            if (shell.mayQuit()) {
                quit();
            }
        });
        stage.show();
        java.util.Optional<io.rolegate.console.attach.AttachRequest> attach;
        try {
            attach = io.rolegate.console.attach.AttachRequest.fromArguments(getParameters().getRaw());
        } catch (RuntimeException e) {
            failed("Attach to an engine", e);
            return;
        }
        if (attach.isPresent()) {
            stage.setTitle("Rolegate console — " + attach.get().url());
            shell.attach(attach.get());
        } else if (demoMode) {
            String envFile = getParameters().getNamed().get("demo-env");
            startDemo(envFile == null ? null : Path.of(envFile));
        } else {
            askAndStart();
        }
    }

    /** @param envFile where to write the DBA's libpq environment once the proxy listens; null for nowhere */
    private void startDemo(Path envFile) {
        shell.starting("Starting the demo: an embedded PostgreSQL with a sample database, then the proxy in front"
                + " of it…");
        startInFlight = true;
        BackgroundTask.of("start the demo", () -> {
                    Demo started = Demo.start();
                    if (envFile != null) {
                        try {
                            started.writeConnectEnv(envFile);
                        } catch (IOException e) {
                            started.close();
                            throw new IOException("could not write " + envFile + ": " + e.getMessage(), e);
                        }
                    }
                    return started;
                })
                .onSuccess(d -> {
                    startInFlight = false;
                    demo = d;
                    engine = d.engine();
                    if (quitting) {
                        // the window closed while the demo started: the stop already ran, so stop this one too
                        stopInBackground();
                        return;
                    }
                    shell.attach(engine, d.connectHint(), d.consoleAccounts());
                })
                .onFailure(e -> failed("Start the demo", e))
                .executeWith(executor);
    }

    private void askAndStart() {
        StartupSettingsViewModel settings = new StartupSettingsViewModel(
                Preferences.userRoot().node("io/rolegate/console/startup"), EngineFiles.defaultDataDir());
        if (!StartupSettingsDialog.show(stage, settings)) {
            quit();
            return;
        }
        settings.remember();
        Configuration config = settings.toConfig();
        Path dataDir = settings.dataDirectory();
        shell.starting("Starting the proxy engine in front of " + config.upstreamHost() + ":"
                + config.upstreamPort() + "…");
        startInFlight = true;
        BackgroundTask.of("start the engine", () -> {
                    Engine e = new Engine(config, dataDir);
                    e.start();
                    return e;
                })
                .onSuccess(e -> {
                    startInFlight = false;
                    engine = e;
                    if (quitting) {
                        stopInBackground();
                        return;
                    }
                    shell.attach(e, null);
                })
                .onFailure(e -> failed("Start the proxy engine", e))
                .executeWith(executor);
    }

    private void failed(String what, Exception e) {
        startInFlight = false;
        log.error("{} failed", what, e);
        if (quitting) {
            Platform.exit();
            return;
        }
        shell.failed(what + " failed: " + e.getMessage());
        dialogs.showError(what, e.getMessage());
    }

    /** Stops the engine off the UI thread (sessions get 57P01 after a short grace), then exits. */
    private void quit() {
        if (quitting) {
            return;
        }
        quitting = true;
        windowMemory.remember(stage);
        shell.stopping();
        stopInBackground();
    }

    private void stopInBackground() {
        // Engine > Restart may have replaced the engine this window started with: stop the one running now
        Engine current = shell.engine() != null ? shell.engine() : engine;
        BackgroundTask.of("stop the engine", () -> {
                    var who = shell.user() == null ? null : shell.user().identity();
                    shell.close();
                    if (current != null) {
                        // on record in the name of whoever quits (anyone may close their window)
                        current.quit(Duration.ofSeconds(2), who);
                    }
                    if (demo != null) {
                        demo.close();
                    }
                    return null;
                })
                .onSuccess(nothing -> Platform.exit())
                .onFailure(e -> {
                    log.error("the engine did not stop cleanly", e);
                    Platform.exit();
                })
                .executeWith(executor);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.close();
        }
    }
}
