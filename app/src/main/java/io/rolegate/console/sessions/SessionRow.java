package io.rolegate.console.sessions;

import io.rolegate.engine.api.model.SessionActivityFacts;
import io.rolegate.engine.api.model.SessionSnapshot;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;

/**
 * One line of the sessions table. It lives as long as the session plus a few seconds after its end (longer while
 * selected), so the DBA sees a session leave rather than vanish; its properties change in place so selection and
 * scroll position survive each refresh.
 */
public final class SessionRow {
    /** Why and when a session left; {@code reason} is what the console knows ("disconnected by you: ..."). */
    public record End(Instant at, String reason) {
    }

    /** The CSS pseudo-class of an ended session's row: neutral grey, never the red kept for errors. */
    public static final String ENDED_PSEUDO_CLASS = "ended";

    /** A session on one node of the fleet: ids start at 1 on every node, so the node is part of the key. */
    public record Key(String node, long id) {
        public static Key of(SessionSnapshot s) {
            return new Key(s.node(), s.id());
        }
    }

    private final long id;
    private final String node;
    /** The session lives on the node of the engine this console shows (not one another node published). */
    private final boolean local;
    private final long arrival;
    private final ReadOnlyObjectWrapper<SessionSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Duration> connectedFor = new ReadOnlyObjectWrapper<>(Duration.ZERO);
    private final ReadOnlyObjectWrapper<End> end = new ReadOnlyObjectWrapper<>();
    /** What the upstream's pg_stat_activity says about the session's backend; null until read (or unreadable). */
    private final ReadOnlyObjectWrapper<SessionActivityFacts> facts = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();

    SessionRow(SessionSnapshot first, Instant now, long arrival) {
        this(first, now, arrival, true);
    }

    SessionRow(SessionSnapshot first, Instant now, long arrival, boolean local) {
        this.id = first.id();
        this.node = first.node();
        this.local = local;
        this.arrival = arrival;
        update(first, null, now);
    }

    /**
     * The session as the engine and the upstream saw it at {@code now}. The server's word on the state wins (it
     * knows a statement waits for a lock; the proxy only sees that a request is out); the proxy's before the
     * server has been read.
     */
    void update(SessionSnapshot s, SessionActivityFacts upstream, Instant now) {
        snapshot.set(s);
        if (end.get() == null) {
            facts.set(upstream);
            connectedFor.set(Duration.between(s.started(), now));
            status.set(upstream != null && !upstream.stateLabel().isEmpty() ? upstream.stateLabel()
                    : s.state().label());
        }
    }

    /** Keeps the first end seen: a disconnect from this console knows more than "no longer listed". */
    void markEnded(Instant at, String reason) {
        if (end.get() == null) {
            connectedFor.set(Duration.between(snapshot.get().started(), at));
            end.set(new End(at, reason));
            status.set(reason);
        }
    }

    public long id() {
        return id;
    }

    /** The fleet node the session lives on (null from an engine that does not say). */
    public String node() {
        return node;
    }

    public Key key() {
        return new Key(node, id);
    }

    /**
     * Whether the session lives on this console's node: its row has everything the engine knows; another node's
     * has what that node publishes each second (decision 0028), and is acted on through that node.
     */
    public boolean local() {
        return local;
    }

    /** When the console first saw this session, counted in rows: the table's order unless a column is sorted. */
    public long arrival() {
        return arrival;
    }

    /** The row's tooltip once the session ended: that it ended, when and why; null while it lives. */
    public static String endNote(long id, End end) {
        if (end == null) {
            return null;
        }
        String why = SessionsViewModel.NOT_LISTED.equals(end.reason())
                ? "it is no longer listed by the engine (the client or the server closed the connection)"
                : end.reason();
        return "Session #" + id + " ended at " + io.rolegate.console.common.Formats.clock(end.at()) + ": " + why
                + ". It stays here while selected, or for a few seconds.";
    }

    public SessionSnapshot snapshot() {
        return snapshot.get();
    }

    public ReadOnlyObjectProperty<SessionSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Duration> connectedForProperty() {
        return connectedFor.getReadOnlyProperty();
    }

    public SessionActivityFacts facts() {
        return facts.get();
    }

    public ReadOnlyObjectProperty<SessionActivityFacts> factsProperty() {
        return facts.getReadOnlyProperty();
    }

    public End end() {
        return end.get();
    }

    public ReadOnlyObjectProperty<End> endProperty() {
        return end.getReadOnlyProperty();
    }

    public boolean isEnded() {
        return end.get() != null;
    }

    /** The session's state while it lives ("idle in transaction"), its end reason afterwards. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public String status() {
        return status.get();
    }
}
