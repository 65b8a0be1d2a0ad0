package io.rolegate.console.shell;

import io.rolegate.console.attach.AttachRequest;
import io.rolegate.console.audit.AuditController;
import io.rolegate.console.audit.AuditViewModel;
import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.common.ViewLoader;
import io.rolegate.console.engine.PollingFeed;
import io.rolegate.console.login.ConsoleUser;
import io.rolegate.console.login.LoginController;
import io.rolegate.console.login.LoginViewModel;
import io.rolegate.console.mapping.DryRunDialog;
import io.rolegate.console.mapping.FxRoleChooser;
import io.rolegate.console.mapping.MappingController;
import io.rolegate.console.mapping.MappingGateway;
import io.rolegate.console.mapping.MappingViewModel;
import io.rolegate.console.directory.DirectoryController;
import io.rolegate.console.directory.DirectoryViewModel;
import io.rolegate.console.recording.RecordingController;
import io.rolegate.console.recording.RecordingGateway;
import io.rolegate.console.recording.RecordingViewModel;
import io.rolegate.console.settings.SettingsController;
import io.rolegate.console.settings.SettingsViewModel;
import io.rolegate.console.throughput.ThroughputController;
import io.rolegate.console.throughput.ThroughputViewModel;
import io.rolegate.console.sessions.SessionActions;
import io.rolegate.console.sessions.SessionsController;
import io.rolegate.console.sessions.SessionsViewModel;
import io.rolegate.engine.api.model.UntrustedCertificate;
import io.rolegate.engine.api.remote.RemoteEngine;
import javafx.scene.Node;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The console attached to an engine of another process ({@code --attach}, File ▸ Connect to engine…): its
 * certificate checked before anybody types a password, the login form posting to the engine's API, then every
 * view — Sessions (with recordings and traces), Throughput, Directory, Mapping, Audit, Settings — fed by a
 * {@link PollingFeed} and the engine's routes; what cannot work remotely says why in the view (decision 0034). A
 * login the engine no longer knows (token expired) brings the login form back.
 */
final class RemoteSeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteSeat.class);
    /** Said above the settings form: what the Settings view cannot do attached, and why. */
    static final String SETTINGS_NOTE = "Attached to a remote engine: saves and rollbacks are decided and audited by"
            + " the engine. Secrets typed here are not sent (leave them empty to keep those in force), and connection"
            + " tests do not run remotely.";

    /** The views of one login, for the shell's page switching and for tests. */
    record Views(SessionsViewModel sessions, AuditViewModel audit, MappingViewModel mapping,
                 ThroughputViewModel throughput, DirectoryViewModel directory, SettingsViewModel settings) {
    }

    private final RemoteEngine engine;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final ShellViewModel vm;
    private final ShellController controller;
    private final DryRunDialog dryRuns;
    private final Supplier<Window> window;
    private final BooleanSupplier looking;
    private final Consumer<Views> shown;
    private volatile ConsoleUser user;
    private PollingFeed feed;
    private SettingsViewModel settings;

    private RemoteSeat(RemoteEngine engine, TaskExecutor executor, DialogService dialogs, ShellViewModel vm,
                       ShellController controller, DryRunDialog dryRuns, Supplier<Window> window,
                       BooleanSupplier looking, Consumer<Views> shown) {
        this.engine = engine;
        this.executor = executor;
        this.dialogs = dialogs;
        this.vm = vm;
        this.controller = controller;
        this.dryRuns = dryRuns;
        this.window = window;
        this.looking = looking;
        this.shown = shown;
    }

    /**
     * Checks the engine's certificate off the UI thread; then {@code attached} gets the seat, at its login form. A
     * certificate nothing vouches for is refused with a dialog naming its fingerprint.
     */
    static void connect(AttachRequest request, TaskExecutor executor, DialogService dialogs, ShellViewModel vm,
                        ShellController controller, DryRunDialog dryRuns, Supplier<Window> window,
                        BooleanSupplier looking, Consumer<Views> shown, Consumer<RemoteSeat> attached) {
        vm.starting("Connecting to the engine at " + request.url() + "…");
        BackgroundTask.of("connect to " + request.url(), () -> {
                    RemoteEngine e = request.engine();
                    e.reach();
                    return e;
                })
                .onSuccess(e -> {
                    RemoteSeat seat = new RemoteSeat(e, executor, dialogs, vm, controller, dryRuns, window, looking,
                            shown);
                    attached.accept(seat);
                    seat.showLogin(null);
                })
                .onFailure(e -> {
                    String title = e instanceof UntrustedCertificate u
                            ? "The engine's certificate is not trusted (SHA-256 " + u.fingerprint() + ")"
                            : "Connect to the engine at " + request.url();
                    vm.failed("Not attached: " + e.getMessage());
                    dialogs.showError(title, e.getMessage());
                })
                .executeWith(executor);
    }

    RemoteEngine engine() {
        return engine;
    }

    ConsoleUser user() {
        return user;
    }

    private void showLogin(String why) {
        closeFeed();
        controller.clearViews();
        user = null;
        vm.attached(engine.where());
        LoginViewModel login = new LoginViewModel((name, password) -> ConsoleUser.of(engine.login(name, password)),
                executor, List.of(), this::showViews);
        login.because(why == null ? "Log in to the engine at " + engine.url() + " with your directory account."
                : why);
        vm.awaitingLogin();
        controller.showLogin(ViewLoader.load(LoginController.class, "LoginView.fxml", new LoginController(login)));
    }

    private void showViews(ConsoleUser who) {
        user = who;
        vm.attached(engine.where());
        vm.loggedIn(who, true);
        SessionsViewModel sessions = new SessionsViewModel(SessionActions.over(engine, () -> user), executor,
                dialogs);
        AuditViewModel audit = new AuditViewModel(engine.audit(), () -> user == null ? null : user.identity(),
                executor, dialogs, Instant::now, ZoneId.systemDefault());
        MappingViewModel mapping = new MappingViewModel(MappingGateway.of(engine.mappings()), executor, dialogs,
                dryRuns, new FxRoleChooser(window::get), () -> user);
        controller.setUndoRedo(mapping.history().canUndoProperty(), mapping::undo,
                mapping.history().canRedoProperty(), mapping::redo);
        Map<Page, Node> views = new EnumMap<>(Page.class);
        views.put(Page.SESSIONS, ViewLoader.load(SessionsController.class, "SessionsView.fxml",
                new SessionsController(sessions)));
        views.put(Page.AUDIT, ViewLoader.load(AuditController.class, "AuditView.fxml",
                new AuditController(audit, ZoneId.systemDefault())));
        views.put(Page.MAPPING, ViewLoader.load(MappingController.class, "MappingView.fxml",
                new MappingController(mapping)));
        // console-views
        RecordingViewModel recording = new RecordingViewModel(RecordingGateway.of(engine.recordings(), () -> user),
                executor, dialogs);
        views.put(Page.SESSIONS, SessionsPage.of(views.get(Page.SESSIONS), ViewLoader.load(RecordingController.class,
                "RecordingView.fxml", new RecordingController(recording)), recording::search));
        ThroughputViewModel throughput = new ThroughputViewModel(Instant.now());
        views.put(Page.THROUGHPUT, ViewLoader.load(ThroughputController.class, "ThroughputView.fxml",
                new ThroughputController(throughput)));
        DirectoryViewModel directory = new DirectoryViewModel(engine.directory(), executor);
        views.put(Page.DIRECTORY, ViewLoader.load(DirectoryController.class, "DirectoryView.fxml",
                new DirectoryController(directory, mapping::chooseRoleFor)));
        settings = new SettingsViewModel(engine.settings(), new ConcurrentHashMap<>(),
                () -> user == null ? null : user.identity(), executor, dialogs);
        views.put(Page.SETTINGS, withNote(SETTINGS_NOTE, ViewLoader.load(SettingsController.class,
                "SettingsView.fxml", new SettingsController(settings, ZoneId.systemDefault()))));
        feed = new PollingFeed(engine, executor, looking, this::expired, vm::reachable);
        feed.subscribe(vm::onTick);
        feed.subscribe(tick -> {
            sessions.update(tick.sessions(), tick.at());
            vm.sessionsCounted(sessions.count()); // the status bar counts the fleet, like the table
        });
        feed.subscribe(throughput::onTick);
        feed.subscribe(tick -> audit.poll());
        audit.search();
        audit.verifyChain();
        mapping.refresh();
        directory.search();
        settings.load();
        settings.watchHistory();
        shown.accept(new Views(sessions, audit, mapping, throughput, directory, settings));
        feed.start();
        controller.setViews(views);
    }

    /** {@code view} under a line saying what differs when attached. */
    private static Node withNote(String note, Node view) {
        javafx.scene.control.Label said = new javafx.scene.control.Label(note);
        said.setId("attachedNote");
        said.setWrapText(true);
        said.getStyleClass().add("attached-note");
        said.setMaxWidth(Double.MAX_VALUE);
        said.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped, never cut to "…"
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(said, view);
        javafx.scene.layout.VBox.setVgrow(view, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    private void expired(String why) {
        showLogin("Your login ended: " + why);
    }

    /** File ▸ Log out (and Lock, which attached ends the login too): the engine forgets the token. */
    void logOut() {
        ConsoleUser leaving = user;
        if (leaving == null) {
            return;
        }
        BackgroundTask.of("log out " + leaving.name(), () -> {
                    engine.logout(leaving.identity());
                    return null;
                })
                .onSuccess(nothing -> showLogin(null))
                .onFailure(e -> dialogs.showError("Log out " + leaving.name(), e.getMessage()))
                .executeWith(executor);
    }

    private void closeFeed() {
        if (settings != null) {
            settings.close(); // stop following the engine's versions for views that go
            settings = null;
        }
        if (feed != null) {
            feed.close();
            feed = null;
        }
    }

    /** Stops polling and ends the login on the engine (the window closes); blocking, off the UI thread. */
    @Override
    public void close() {
        closeFeed();
        ConsoleUser leaving = user;
        if (leaving != null) {
            try {
                engine.logout(leaving.identity());
            } catch (RuntimeException e) {
                log.warn("could not log {} out of the engine at {}: {}", leaving.name(), engine.url(),
                        e.getMessage());
            }
        }
    }
}
