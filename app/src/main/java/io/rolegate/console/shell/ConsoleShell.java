package io.rolegate.console.shell;

import io.rolegate.console.attach.AttachRequest;
import io.rolegate.console.attach.ConnectDialog;
import io.rolegate.console.audit.AuditController;
import io.rolegate.console.audit.AuditViewModel;
import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.common.ViewLoader;
import io.rolegate.console.directory.DirectoryViewModel;
import io.rolegate.console.engine.EngineFeed;
import io.rolegate.console.login.ConsoleUser;
import io.rolegate.console.login.LoginController;
import io.rolegate.console.login.LoginViewModel;
import io.rolegate.console.mapping.DryRunDialog;
import io.rolegate.console.mapping.FxDryRunDialog;
import io.rolegate.console.mapping.MappingViewModel;
import io.rolegate.console.recording.RecordingController;
import io.rolegate.console.recording.RecordingGateway;
import io.rolegate.console.recording.RecordingViewModel;
import io.rolegate.console.sessions.SessionActions;
import io.rolegate.console.sessions.SessionsController;
import io.rolegate.console.sessions.SessionsViewModel;
import io.rolegate.console.settings.SettingsController;
import io.rolegate.console.settings.SettingsViewModel;
import io.rolegate.console.throughput.ThroughputController;
import io.rolegate.console.throughput.ThroughputViewModel;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.Secret;
import javafx.scene.Node;
import javafx.scene.Parent;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The composition root of one console window: builds the shell first (so the window shows at once), then, once an
 * engine runs and somebody has logged in, the views, wired to one {@link EngineFeed} and to the logged-in
 * {@link ConsoleUser} that every admin action is audited under.
 */
public final class ConsoleShell implements AutoCloseable {
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final String localUser;
    private final ShellViewModel vm = new ShellViewModel();
    private final ShellController controller;
    private final Parent root;
    private final DryRunDialog dryRuns;
    private ConsoleUser user;
    private EngineFeed feed;
    private SessionsViewModel sessions;
    private ThroughputViewModel throughput;
    private DirectoryViewModel directory;
    private MappingViewModel mapping;
    private AuditViewModel audit;
    private SettingsViewModel settings;
    /** Secrets typed in Settings since the console opened, by variable name: a restart needs them, the store never. */
    private final Map<String, Secret> typedSecrets = new ConcurrentHashMap<>();
    private final EngineControl control;
    private List<String> demoAccounts = List.of();
    /** Somebody is logged in and the views are not behind the lock screen (read by the feed's sampler thread). */
    private volatile boolean looking;
    /** The engine of another process this window is attached to, or null. */
    private RemoteSeat remote;

    /**
     * {@code localUser} names the person at this console in the audit log when the engine has no directory to log
     * in against; with a directory, the login decides.
     */
    public ConsoleShell(TaskExecutor executor, DialogService dialogs, String localUser, Runnable quit) {
        this.localUser = localUser;
        this.executor = executor;
        this.dialogs = dialogs;
        this.controller = new ShellController(vm, dialogs, quit);
        this.root = ViewLoader.load(ShellController.class, "ShellView.fxml", controller);
        this.dryRuns = new FxDryRunDialog(this::window);
        // the chain grows while the console runs: check it again whenever the person looks at the audit view; each
        // visit shows the directory and the roles as they are now (another console, or this one, may have changed
        // a mapping since). One listener for the window's life, whatever views a login or a restart builds.
        vm.pageProperty().addListener((o, old, page) -> {
            if (page == Page.AUDIT && audit != null) {
                audit.verifyChain();
            } else if (page == Page.DIRECTORY && directory != null) {
                directory.search();
            } else if (page == Page.MAPPING && mapping != null) {
                mapping.refresh();
            }
        });
        this.control = new EngineControl(vm, executor, dialogs, typedSecrets, () -> user == null ? null : user.identity(),
                new EngineControl.Views() {
            @Override
            public void attach(Engine engine, ConnectHint hint) {
                ConsoleShell.this.attach(engine, hint, demoAccounts);
            }

            @Override
            public void detach() {
                ConsoleShell.this.detach();
            }
        });
        vm.canChooseViewProperty().subscribe(v -> looking = v);
        vm.accountActions(new ShellViewModel.AccountActions() {
            @Override
            public void logOut() {
                ConsoleShell.this.logOut();
            }

            @Override
            public void lock() {
                ConsoleShell.this.lock();
            }

            @Override
            public void connect() {
                ConnectDialog.ask(window(), remote == null ? null : remote.engine().url()).ifPresent(f -> {
                    try {
                        attach(f.request());
                    } catch (RuntimeException e) {
                        dialogs.showError("Connect to engine", e.getMessage());
                    }
                });
            }
        });
    }

    private javafx.stage.Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /** The engine the console shows: the first one, or the one Engine ▸ Start made since. */
    public Engine engine() {
        return control.engine();
    }

    /** Whether the window may close now: asks first when live sessions would end with the engine. */
    public boolean mayQuit() {
        return controller.mayQuit();
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
        attach(engine, hint, List.of());
    }

    /**
     * Shows a running engine: with directory authentication the login form first ({@code demoAccounts} lines shown
     * under it in the demo), then the views.
     */
    public void attach(Engine engine, ConnectHint hint, List<String> demoAccounts) {
        this.demoAccounts = demoAccounts;
        closeFeed();
        control.running(engine, hint);
        vm.running(engine.listenAddress(), hint);
        vm.engineActions(control);
        if (!engine.configuration().usesDirectory()) {
            showViews(engine, ConsoleUser.of(engine.operator(localUser)), false);
            return;
        }
        if (user != null) {
            // an engine restarted from the menu: whoever logged in stays logged in
            showViews(engine, user, true);
            return;
        }
        showLoginForm(engine);
    }

    /**
     * Attaches to the engine of another process at {@code request}'s URL (--attach, File ▸ Connect to engine…): its
     * certificate checked first, then its login form. An engine this process runs keeps running, unseen.
     */
    public void attach(AttachRequest request) {
        detach();
        vm.engineActions(null);
        RemoteSeat.connect(request, executor, dialogs, vm, controller, dryRuns, this::window, () -> looking, v -> {
            sessions = v.sessions();
            audit = v.audit();
            mapping = v.mapping();
            directory = v.directory(); // console-views
            settings = v.settings();
            throughput = v.throughput();
        }, seat -> {
            closeRemote();
            remote = seat;
        });
    }

    private void closeRemote() {
        if (remote != null) {
            remote.close();
            remote = null;
        }
    }

    private void showLoginForm(Engine engine) {
        LoginViewModel login = new LoginViewModel(
                (name, password) -> ConsoleUser.of(engine.directory().consoleLogin(name, password)),
                executor, demoAccounts, who -> showViews(engine, who, true));
        vm.awaitingLogin();
        controller.showLogin(ViewLoader.load(LoginController.class, "LoginView.fxml", new LoginController(login)));
    }

    /**
     * File ▸ Log out: the engine forgets the login (audited as CONSOLE_LOGOUT), the views go and the login form
     * waits for the next person. The engine and its proxied sessions are not touched.
     */
    private void logOut() {
        if (remote != null) {
            remote.logOut();
            return;
        }
        ConsoleUser leaving = user;
        Engine engine = control.engine();
        if (leaving == null || engine == null) {
            return;
        }
        BackgroundTask.of("log out " + leaving.name(), () -> {
                    engine.logout(leaving.identity());
                    return null;
                })
                .onSuccess(nothing -> {
                    closeFeed();
                    controller.clearViews();
                    user = null;
                    showLoginForm(engine);
                })
                .onFailure(e -> dialogs.showError("Log out " + leaving.name(), e.getMessage()))
                .executeWith(executor);
    }

    /**
     * File ▸ Lock (Ctrl+L): the login form covers the views. The same person's password brings them back; anybody
     * else logging in here logs the first person out and gets views of their own. Either way the earlier login is
     * forgotten by the engine, replaced by the new one.
     */
    private void lock() {
        if (remote != null) {
            remote.logOut();
            return;
        }
        ConsoleUser locker = user;
        Engine engine = control.engine();
        if (locker == null || engine == null) {
            return;
        }
        LoginViewModel form = new LoginViewModel((name, password) -> {
            ConsoleUser who = ConsoleUser.of(engine.directory().consoleLogin(name, password));
            engine.logout(locker.identity());
            return who;
        }, executor, demoAccounts, who -> unlocked(engine, locker, who)).lockedBy(locker);
        vm.locked(locker);
        controller.lock(ViewLoader.load(LoginController.class, "LoginView.fxml", new LoginController(form)));
    }

    private void unlocked(Engine engine, ConsoleUser locker, ConsoleUser who) {
        if (who.name().equals(locker.name())) {
            user = who; // the views ask for the user at each action, so they act under the new login
            vm.loggedIn(who, true);
            controller.unlock();
        } else {
            closeFeed();
            showViews(engine, who, true);
        }
    }

    private void showViews(Engine engine, ConsoleUser who, boolean throughLogin) {
        user = who;
        vm.loggedIn(who, throughLogin);
        sessions = new SessionsViewModel(SessionActions.of(engine, () -> user), executor, dialogs);
        throughput = new ThroughputViewModel(Instant.now());
        throughput.load(engine.throughputHistory());
        Map<Page, Node> views = new EnumMap<>(Page.class);
        RecordingViewModel recording = new RecordingViewModel(RecordingGateway.of(engine.recordings(), () -> user), executor,
                dialogs);
        views.put(Page.SESSIONS, SessionsPage.of(ViewLoader.load(SessionsController.class, "SessionsView.fxml",
                new SessionsController(sessions)), ViewLoader.load(RecordingController.class, "RecordingView.fxml",
                new RecordingController(recording)), recording::search));
        views.put(Page.THROUGHPUT, ViewLoader.load(ThroughputController.class, "ThroughputView.fxml",
                new ThroughputController(throughput)));
        views.putAll(directoryViews(engine));
        audit = new AuditViewModel(engine.audit(), () -> user == null ? null : user.identity(), executor, dialogs,
                Instant::now, ZoneId.systemDefault());
        views.put(Page.AUDIT, ViewLoader.load(AuditController.class, "AuditView.fxml",
                new AuditController(audit, ZoneId.systemDefault())));
        settings = new SettingsViewModel(engine.settings(), typedSecrets, () -> user == null ? null : user.identity(), executor, dialogs);
        views.put(Page.SETTINGS, ViewLoader.load(SettingsController.class, "SettingsView.fxml",
                new SettingsController(settings, ZoneId.systemDefault())));
        settings.load();
        settings.watchHistory();
        // behind the lock screen nobody looks: no pg_stat_activity reads, no audit polls, no table refreshes (the
        // charts keep collecting, so their history has no hole when the person comes back)
        feed = new EngineFeed(engine, executor, () -> user == null || !looking ? null : user.identity());
        feed.subscribe(vm::onTick);
        feed.subscribe(tick -> {
            if (looking) {
                sessions.update(tick.sessions(), tick.activity(), tick.at());
                vm.sessionsCounted(sessions.count()); // the status bar counts the fleet, like the table
            }
        });
        feed.subscribe(throughput::onTick);
        feed.subscribe(tick -> {
            if (looking) {
                audit.poll();
            }
        });
        audit.search();
        audit.verifyChain();
        sessions.update(engine.sessions(), Instant.now());
        feed.start();
        controller.setViews(views);
    }

    /** The engine is going away: no more ticks, and no views of it until the next one runs. */
    private void detach() {
        closeFeed();
        controller.clearViews();
    }

    private void closeFeed() {
        if (settings != null) {
            settings.close(); // the views of this login go: stop following the store for them
        }
        if (feed != null) {
            try {
                feed.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop listening to the engine", e);
            }
            feed = null;
        }
    }

    private Map<Page, Node> directoryViews(Engine engine) {
        DirectoryPages pages = DirectoryPages.of(engine, executor, dialogs, dryRuns, this::window, () -> user,
                controller);
        directory = pages.directory();
        mapping = pages.mapping();
        return pages.views();
    }

    /** The person logged in, once somebody is. */
    public ConsoleUser user() {
        return remote != null ? remote.user() : user;
    }

    public SessionsViewModel sessions() {
        return sessions;
    }

    public ThroughputViewModel throughput() {
        return throughput;
    }

    public DirectoryViewModel directory() {
        return directory;
    }

    public MappingViewModel mapping() {
        return mapping;
    }

    public AuditViewModel audit() {
        return audit;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    @Override
    public void close() throws Exception {
        closeFeed();
        closeRemote();
    }
}
