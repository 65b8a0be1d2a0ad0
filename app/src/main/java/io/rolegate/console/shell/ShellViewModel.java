package io.rolegate.console.shell;

import io.rolegate.console.common.Formats;
import io.rolegate.console.engine.EngineTick;
import io.rolegate.engine.api.ThroughputSample;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.net.InetSocketAddress;

/** The window around the views: which view shows, and the status bar's words about the engine. */
public final class ShellViewModel {
    /** Engine condition as the status bar colours it. */
    public enum Health { STARTING, RUNNING, STOPPED, FAILED }

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(Page.SESSIONS);
    private final ReadOnlyObjectWrapper<Health> health = new ReadOnlyObjectWrapper<>(Health.STOPPED);
    private final ReadOnlyStringWrapper engineState = new ReadOnlyStringWrapper("Engine not started");
    private final ReadOnlyStringWrapper listenAddress = new ReadOnlyStringWrapper("not listening");
    private final ReadOnlyStringWrapper sessions = new ReadOnlyStringWrapper("0 sessions");
    private final ReadOnlyStringWrapper throughputNow = new ReadOnlyStringWrapper("—");
    private final ReadOnlyObjectWrapper<ConnectHint> connectHint = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper("Not logged in");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("The proxy engine is not running.");

    public void starting(String what) {
        health.set(Health.STARTING);
        engineState.set("Engine starting…");
        progress.set(what);
    }

    public void running(InetSocketAddress address, ConnectHint hint) {
        health.set(Health.RUNNING);
        engineState.set("Engine running");
        listenAddress.set("Listening on " + address.getHostString() + ":" + address.getPort());
        connectHint.set(hint);
        progress.set("");
    }

    public void failed(String why) {
        health.set(Health.FAILED);
        engineState.set("Engine failed");
        listenAddress.set("not listening");
        progress.set(why);
    }

    /** The person at the console, for the status bar. */
    public void loggedIn(io.rolegate.console.login.ConsoleUser who) {
        user.set(who.describe());
    }

    public void stopping() {
        engineState.set("Engine stopping…");
    }

    public void onTick(EngineTick tick) {
        int live = tick.sessions().size();
        sessions.set(live + (live == 1 ? " session" : " sessions") + " · " + tick.openConnections() + " connections");
        if (!tick.samples().isEmpty()) {
            ThroughputSample s = tick.samples().get(tick.samples().size() - 1);
            throughputNow.set("in " + Formats.bytesPerSecond(s.bytesIn()) + " · out "
                    + Formats.bytesPerSecond(s.bytesOut()) + " · " + Formats.count(s.queries()) + " queries/s");
        }
    }

    public ObjectProperty<Page> pageProperty() { return page; }
    public ReadOnlyObjectProperty<Health> healthProperty() { return health.getReadOnlyProperty(); }
    public ReadOnlyStringProperty engineStateProperty() { return engineState.getReadOnlyProperty(); }
    public ReadOnlyStringProperty listenAddressProperty() { return listenAddress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty sessionsProperty() { return sessions.getReadOnlyProperty(); }
    public ReadOnlyStringProperty throughputNowProperty() { return throughputNow.getReadOnlyProperty(); }
    public ReadOnlyStringProperty userProperty() { return user.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ConnectHint> connectHintProperty() { return connectHint.getReadOnlyProperty(); }
    /** What the window says while no view can show yet (starting, or why starting failed). */
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
}
