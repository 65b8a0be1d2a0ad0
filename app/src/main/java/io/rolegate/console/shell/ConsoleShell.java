package io.rolegate.console.shell;

import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.common.ViewLoader;
import io.rolegate.console.engine.EngineFeed;
import io.rolegate.console.sessions.SessionActions;
import io.rolegate.console.sessions.SessionsController;
import io.rolegate.console.sessions.SessionsViewModel;
import io.rolegate.console.throughput.ThroughputController;
import io.rolegate.console.throughput.ThroughputViewModel;
import io.rolegate.engine.api.Engine;
import javafx.scene.Parent;

import java.time.Instant;
import java.util.Map;

/**
 * The composition root of one console window: builds the shell first (so the window shows at once), then the views
 * once an engine runs, and wires them to one {@link EngineFeed}.
 */
public final class ConsoleShell implements AutoCloseable {
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final String admin;
    private final ShellViewModel vm = new ShellViewModel();
    private final ShellController controller;
    private final Parent root;
    private EngineFeed feed;
    private SessionsViewModel sessions;
    private ThroughputViewModel throughput;

    /** {@code admin} names the person at this console in the engine's audit log. */
    public ConsoleShell(TaskExecutor executor, DialogService dialogs, String admin, Runnable quit) {
        this.admin = admin;
        this.executor = executor;
        this.dialogs = dialogs;
        this.controller = new ShellController(vm, dialogs, quit);
        this.root = ViewLoader.load(ShellController.class, "ShellView.fxml", controller);
    }

    public Parent root() {
        return root;
    }

    public ShellViewModel viewModel() {
        return vm;
    }

    public void starting(String what) {
        vm.starting(what);
    }

    public void failed(String why) {
        vm.failed(why);
    }

    public void stopping() {
        vm.stopping();
    }

    /** Shows the views of a running engine; {@code hint} (may be null) is the demo's psql command. */
    public void attach(Engine engine, ConnectHint hint) {
        sessions = new SessionsViewModel(SessionActions.of(engine, admin), executor, dialogs);
        throughput = new ThroughputViewModel(Instant.now());
        throughput.load(engine.throughputHistory());
        Parent sessionsView = ViewLoader.load(SessionsController.class, "SessionsView.fxml",
                new SessionsController(sessions));
        Parent throughputView = ViewLoader.load(ThroughputController.class, "ThroughputView.fxml",
                new ThroughputController(throughput));
        feed = new EngineFeed(engine, executor);
        feed.subscribe(vm::onTick);
        feed.subscribe(tick -> sessions.update(tick.sessions(), tick.at()));
        feed.subscribe(throughput::onTick);
        sessions.update(engine.sessions(), Instant.now());
        feed.start();
        controller.setViews(Map.of(Page.SESSIONS, sessionsView, Page.THROUGHPUT, throughputView));
        vm.running(engine.listenAddress(), hint);
    }

    public SessionsViewModel sessions() {
        return sessions;
    }

    public ThroughputViewModel throughput() {
        return throughput;
    }

    @Override
    public void close() throws Exception {
        if (feed != null) {
            feed.close();
        }
    }
}
