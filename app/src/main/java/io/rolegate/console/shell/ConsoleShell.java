package io.rolegate.console.shell;

import io.rolegate.console.audit.AuditController;
import io.rolegate.console.audit.AuditViewModel;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.common.ViewLoader;
import io.rolegate.console.engine.EngineFeed;
import io.rolegate.console.sessions.SessionActions;
import io.rolegate.console.sessions.SessionsController;
import io.rolegate.console.sessions.SessionsViewModel;
import io.rolegate.console.settings.SettingsController;
import io.rolegate.console.settings.SettingsViewModel;
import io.rolegate.console.throughput.ThroughputController;
import io.rolegate.console.throughput.ThroughputViewModel;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.directory.Secret;
import javafx.scene.Parent;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private AuditViewModel audit;
    private SettingsViewModel settings;
    /** Secrets typed in Settings since the console opened, by variable name: a restart needs them, the store never. */
    private final Map<String, Secret> typedSecrets = new ConcurrentHashMap<>();
    private final EngineControl control;

    /** {@code admin} names the person at this console in the engine's audit log. */
    public ConsoleShell(TaskExecutor executor, DialogService dialogs, String admin, Runnable quit) {
        this.admin = admin;
        this.executor = executor;
        this.dialogs = dialogs;
        this.controller = new ShellController(vm, dialogs, quit);
        this.root = ViewLoader.load(ShellController.class, "ShellView.fxml", controller);
        // the chain grows while the console runs: check it again whenever the person looks at the audit view
        vm.pageProperty().addListener((o, old, page) -> {
            if (page == Page.AUDIT && audit != null) {
                audit.verifyChain();
            }
        });
        this.control = new EngineControl(vm, executor, dialogs, typedSecrets, new EngineControl.Views() {
            @Override
            public void attach(Engine engine, ConnectHint hint) {
                ConsoleShell.this.attach(engine, hint);
            }

            @Override
            public void detach() {
                ConsoleShell.this.detach();
            }
        });
    }

    /**
     * Who the audit log names for what is done at this console. The one place to ask: console login replaces the
     * answer here.
     */
    public String admin() {
        return admin;
    }

    /** The engine the console shows: the first one, or the one Engine ▸ Start made since. */
    public Engine engine() {
        return control.engine();
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
        closeFeed();
        control.running(engine, hint);
        sessions = new SessionsViewModel(SessionActions.of(engine, admin()), executor, dialogs);
        throughput = new ThroughputViewModel(Instant.now());
        throughput.load(engine.throughputHistory());
        Parent sessionsView = ViewLoader.load(SessionsController.class, "SessionsView.fxml",
                new SessionsController(sessions));
        Parent throughputView = ViewLoader.load(ThroughputController.class, "ThroughputView.fxml",
                new ThroughputController(throughput));
        audit = new AuditViewModel(engine.audit(), executor, dialogs, Instant::now, ZoneId.systemDefault());
        Parent auditView = ViewLoader.load(AuditController.class, "AuditView.fxml",
                new AuditController(audit, ZoneId.systemDefault()));
        settings = new SettingsViewModel(engine.settings(), typedSecrets, this::admin, executor, dialogs);
        Parent settingsView = ViewLoader.load(SettingsController.class, "SettingsView.fxml",
                new SettingsController(settings, ZoneId.systemDefault()));
        settings.load();
        feed = new EngineFeed(engine, executor);
        feed.subscribe(vm::onTick);
        feed.subscribe(tick -> sessions.update(tick.sessions(), tick.at()));
        feed.subscribe(throughput::onTick);
        feed.subscribe(tick -> audit.poll());
        audit.search();
        audit.verifyChain();
        sessions.update(engine.sessions(), Instant.now());
        feed.start();
        controller.setViews(Map.of(Page.SESSIONS, sessionsView, Page.THROUGHPUT, throughputView,
                Page.AUDIT, auditView, Page.SETTINGS, settingsView));
        vm.running(engine.listenAddress(), hint);
        vm.engineActions(control);
    }

    /** The engine is going away: no more ticks, and no views of it until the next one runs. */
    private void detach() {
        closeFeed();
        controller.clearViews();
    }

    private void closeFeed() {
        if (feed != null) {
            try {
                feed.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop listening to the engine", e);
            }
            feed = null;
        }
    }

    public SessionsViewModel sessions() {
        return sessions;
    }

    public ThroughputViewModel throughput() {
        return throughput;
    }

    public AuditViewModel audit() {
        return audit;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    @Override
    public void close() throws Exception {
        if (feed != null) {
            feed.close();
        }
    }
}
