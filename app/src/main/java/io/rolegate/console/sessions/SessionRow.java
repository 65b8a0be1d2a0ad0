package io.rolegate.console.sessions;

import io.rolegate.engine.api.model.SessionSnapshot;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;

/**
 * One line of the sessions table. It lives as long as the session plus a few seconds after its end, so the DBA
 * sees a session leave rather than vanish; its properties change in place so selection and scroll position
 * survive each refresh.
 */
public final class SessionRow {
    /** Why and when a session left; {@code reason} is what the console knows ("disconnected by you: ..."). */
    public record End(Instant at, String reason) {
    }

    private final long id;
    private final ReadOnlyObjectWrapper<SessionSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Duration> connectedFor = new ReadOnlyObjectWrapper<>(Duration.ZERO);
    private final ReadOnlyObjectWrapper<End> end = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();

    SessionRow(SessionSnapshot first, Instant now) {
        this.id = first.id();
        update(first, now);
    }

    void update(SessionSnapshot s, Instant now) {
        snapshot.set(s);
        if (end.get() == null) {
            connectedFor.set(Duration.between(s.started(), now));
            status.set(s.state().label());
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

    public SessionSnapshot snapshot() {
        return snapshot.get();
    }

    public ReadOnlyObjectProperty<SessionSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Duration> connectedForProperty() {
        return connectedFor.getReadOnlyProperty();
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
