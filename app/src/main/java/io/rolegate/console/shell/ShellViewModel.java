package io.rolegate.console.shell;

import io.rolegate.console.common.Formats;
import io.rolegate.console.engine.EngineTick;
import io.rolegate.engine.api.model.ThroughputSample;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.net.InetSocketAddress;

/** The window around the views: which view shows, and the status bar's words about the engine. */
public final class ShellViewModel {
    /** Engine condition as the status bar colours it. */
    public enum Health { STARTING, RUNNING, STOPPING, STOPPED, FAILED }

    /** What Engine ▸ Start, Stop and Restart do; set once an engine has run, so there is something to restart. */
    public interface EngineActions {
        void start();

        void stop();

        void restart();
    }

    /** File ▸ Log out and Lock: both keep the engine and its sessions running. */
    public interface AccountActions {
        void logOut();

        void lock();

        /** File ▸ Connect to engine…: attach this window to an engine of another process. */
        default void connect() {
        }
    }

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(Page.SESSIONS);
    private final ReadOnlyObjectWrapper<Health> health = new ReadOnlyObjectWrapper<>(Health.STOPPED);
    private final ReadOnlyStringWrapper engineState = new ReadOnlyStringWrapper("Engine not started");
    private final ReadOnlyStringWrapper listenAddress = new ReadOnlyStringWrapper("not listening");
    private final ReadOnlyStringWrapper sessions = new ReadOnlyStringWrapper("0 sessions");
    private final ReadOnlyStringWrapper throughputNow = new ReadOnlyStringWrapper("—");
    private final ReadOnlyObjectWrapper<ConnectHint> connectHint = new ReadOnlyObjectWrapper<>();
    /** The engine's psql line (the demo's DBA, password included): shown only while no read-only user is here. */
    private ConnectHint engineHint;
    private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper(NOBODY);
    private final ReadOnlyBooleanWrapper canChooseView = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("The proxy engine is not running.");
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canStop = new ReadOnlyBooleanWrapper(false);
    /** The person here may stop, start and restart (an administrator, or the operator without console logins). */
    private boolean mayChange = true;
    private EngineActions engineActions;
    private AccountActions accountActions;
    /** Live proxied sessions at the last tick: what a stop, restart or quit would end. */
    private int liveSessions;
    /** This engine's open client connections at the last tick; -1 when not known (attached). */
    private int connections = -1;
    /** The fleet's sessions as the Sessions view counts them; null while no view counts (the tick's then). */
    private io.rolegate.console.sessions.SessionCount counted;
    /** The views show an engine of another process: closing this window ends none of its sessions. */
    private boolean attachedElsewhere;
    private final ReadOnlyBooleanWrapper canLogOut = new ReadOnlyBooleanWrapper(false);
    static final String NOBODY = "Nobody logged in";

    public ShellViewModel() {
        health.addListener((o, old, now) -> updateEngineActions());
    }

    public void engineActions(EngineActions actions) {
        this.engineActions = actions;
        updateEngineActions();
    }

    // Start only from a stop or a failure, Stop and Restart only while running: never two lifecycles at once
    private void updateEngineActions() {
        Health h = health.get();
        canStart.set(mayChange && engineActions != null && (h == Health.STOPPED || h == Health.FAILED));
        canStop.set(mayChange && engineActions != null && h == Health.RUNNING);
    }

    public void accountActions(AccountActions actions) {
        this.accountActions = actions;
    }

    public void logOut() {
        if (canLogOut.get() && accountActions != null) {
            accountActions.logOut();
        }
    }

    public void lock() {
        if (canLogOut.get() && accountActions != null) {
            accountActions.lock();
        }
    }

    public void connect() {
        if (accountActions != null) {
            accountActions.connect();
        }
    }

    public void startEngine() {
        if (canStart.get()) {
            engineActions.start();
        }
    }

    public void stopEngine() {
        if (canStop.get()) {
            engineActions.stop();
        }
    }

    public void restartEngine() {
        if (canStop.get()) {
            engineActions.restart();
        }
    }

    /** The engine stopped on request: its sessions were drained and it no longer listens. */
    public void stopped() {
        health.set(Health.STOPPED);
        engineState.set("Engine stopped");
        listenAddress.set("not listening");
        liveSessions = 0;
        connections = -1;
        counted = null;
        sessions.set("0 sessions");
        throughputNow.set("—");
        progress.set("The proxy engine is stopped. Start it again from Engine ▸ Start.");
    }

    public void starting(String what) {
        health.set(Health.STARTING);
        engineState.set("Engine starting…");
        progress.set(what);
    }

    public void running(InetSocketAddress address, ConnectHint hint) {
        health.set(Health.RUNNING);
        engineState.set("Engine running");
        listenAddress.set("Listening on " + address.getHostString() + ":" + address.getPort());
        engineHint = hint;
        connectHint.set(mayChange || user.get().startsWith(NOBODY) ? hint : null);
        progress.set("");
    }

    /** The console shows an engine of another process, over its admin API: {@code where} is its URL and node. */
    public void attached(String where) {
        engineHint = null;
        connectHint.set(null);
        engineActions = null; // Engine ▸ Start/Stop/Restart are for the engine this process runs
        attachedElsewhere = true;
        health.set(Health.RUNNING);
        engineState.set("Attached");
        listenAddress.set("Attached to " + where);
        progress.set("");
        updateEngineActions();
    }

    /** The attached engine answered again ({@code null}) or did not ({@code why}). */
    public void reachable(String why) {
        engineState.set(why == null ? "Attached" : "Engine unreachable");
        if (why != null) {
            throughputNow.set(why);
        }
    }

    public void failed(String why) {
        health.set(Health.FAILED);
        engineState.set("Engine failed");
        listenAddress.set("not listening");
        progress.set(why);
    }

    /** The person at the console, for the status bar; from now on the views may be chosen. */
    public void loggedIn(io.rolegate.console.login.ConsoleUser who) {
        loggedIn(who, false);
    }

    /**
     * {@code throughLogin}: the person logged in with a directory account, so may log out and lock; the operator
     * of an engine without console logins has no login to end.
     */
    public void loggedIn(io.rolegate.console.login.ConsoleUser who, boolean throughLogin) {
        canLogOut.set(throughLogin);
        user.set(who.describe());
        canChooseView.set(true);
        mayChange = who.mayAdminister();
        // the admin's password is not for a read-only user's eyes (issue 16 item 10)
        connectHint.set(mayChange ? engineHint : null);
        updateEngineActions();
    }

    /**
     * The login form fills the window: the sidebar and View menu choose nothing until somebody logs in, or a click
     * on "Sessions" would seem to do nothing (there is no view behind the form yet).
     */
    public void awaitingLogin() {
        user.set(NOBODY + " — log in with your directory account");
        lockedOut();
        connectHint.set(engineHint); // the login form shows every demo account anyway
    }

    /** The lock screen hides the views; the person who locked stays logged in. */
    public void locked(io.rolegate.console.login.ConsoleUser who) {
        user.set("Locked by " + who.name());
        lockedOut();
    }

    private void lockedOut() {
        sessionsCounted(null); // no view counts behind the form: the engine's own count, each tick
        canLogOut.set(false);
        canChooseView.set(false);
        mayChange = false; // nobody to act for: the engine would refuse a stop or restart anyway
        updateEngineActions();
    }

    /** Shows {@code p} when a view may be chosen now; ignored behind the login form. */
    public void choose(Page p) {
        if (canChooseView.get()) {
            page.set(p);
        }
    }

    /** What ending the engine would cost, for a confirmation ("3 live sessions will end"); empty with none. */
    public java.util.Optional<String> sessionsThatWouldEnd() {
        int n = liveSessions;
        if (n == 0 || health.get() != Health.RUNNING || attachedElsewhere) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of((n == 1 ? "1 live session" : n + " live sessions") + " will end");
    }

    public void stopping() {
        health.set(Health.STOPPING);
        engineState.set("Engine stopping…");
        progress.set("Stopping the proxy engine: live sessions get the shutdown grace period to finish…");
    }

    public void onTick(EngineTick tick) {
        liveSessions = tick.sessions().size();
        connections = tick.openConnections();
        showSessions();
        if (!tick.samples().isEmpty()) {
            ThroughputSample s = tick.samples().get(tick.samples().size() - 1);
            throughputNow.set("in " + Formats.bytesPerSecond(s.bytesIn()) + " · out "
                    + Formats.bytesPerSecond(s.bytesOut()) + " · " + Formats.count(s.queries()) + " queries/s");
        }
    }

    /**
     * The Sessions view's count of the fleet (every node's sessions, this node's among them), which the status bar
     * says from now on like the view; null: back to the engine's own count at each tick.
     */
    public void sessionsCounted(io.rolegate.console.sessions.SessionCount count) {
        counted = count;
        showSessions();
    }

    private void showSessions() {
        String said = counted != null ? counted.words()
                : liveSessions + (liveSessions == 1 ? " session" : " sessions");
        sessions.set(said + (connections < 0 ? "" : " · " + connections
                + (connections == 1 ? " connection" : " connections")));
    }

    public ObjectProperty<Page> pageProperty() { return page; }
    public ReadOnlyObjectProperty<Health> healthProperty() { return health.getReadOnlyProperty(); }
    public ReadOnlyStringProperty engineStateProperty() { return engineState.getReadOnlyProperty(); }
    public ReadOnlyStringProperty listenAddressProperty() { return listenAddress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sessionsProperty() { return sessions.getReadOnlyProperty(); }
    public ReadOnlyStringProperty throughputNowProperty() { return throughputNow.getReadOnlyProperty(); }
    public ReadOnlyStringProperty userProperty() { return user.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ConnectHint> connectHintProperty() { return connectHint.getReadOnlyProperty(); }
    /** False while nobody is logged in: sidebar entries and View menu items are disabled. */
    public ReadOnlyBooleanProperty canChooseViewProperty() { return canChooseView.getReadOnlyProperty(); }
    /** File ▸ Log out and Lock: only for a person who logged in with a directory account, not behind the form. */
    public ReadOnlyBooleanProperty canLogOutProperty() { return canLogOut.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canStartProperty() { return canStart.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canStopProperty() { return canStop.getReadOnlyProperty(); }
    /** What the window says while no view can show yet (starting, or why starting failed). */
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
}
