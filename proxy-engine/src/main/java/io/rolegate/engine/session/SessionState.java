package io.rolegate.engine.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of one client connection. The four relay states mirror pg_stat_activity's wording so a DBA reads them
 * the same way. Allowed moves are listed here, next to the states, and checked by {@link Session#transition}.
 */
public enum SessionState {
    /** Accepted; reading SSLRequest/GSSENCRequest/StartupMessage. */
    STARTUP,
    /** StartupMessage read; connecting to the upstream server. */
    CONNECTING,
    /** Authentication exchange in progress. */
    AUTHENTICATING,
    IDLE,
    ACTIVE,
    IDLE_IN_TRANSACTION,
    IDLE_IN_FAILED_TRANSACTION,
    /** Ending: the reason is set and the channels are closing. */
    TERMINATING,
    CLOSED;

    private static final Set<SessionState> RELAY = EnumSet.of(IDLE, ACTIVE, IDLE_IN_TRANSACTION,
            IDLE_IN_FAILED_TRANSACTION);

    /** One of the four relay states (an EnumSet is one bit test; no reliance on the order of declaration). */
    public boolean isRelaying() {
        return RELAY.contains(this);
    }

    /** Terminating or closed: the end is decided, nothing starts any more. */
    public boolean isEnding() {
        return this == TERMINATING || this == CLOSED;
    }

    boolean canMoveTo(SessionState next) {
        switch (this) {
            case STARTUP:
                return next == CONNECTING || next == AUTHENTICATING || next == TERMINATING;
            case CONNECTING:
                return next == AUTHENTICATING || next == TERMINATING;
            case AUTHENTICATING: // directory mode: the client's password first, then the upstream login
                return next == CONNECTING || next == IDLE || next == TERMINATING;
            case TERMINATING:
                return next == CLOSED;
            case CLOSED:
                return false;
            default:
                return next == TERMINATING || next.isRelaying();
        }
    }

    /** The label a DBA sees ("idle in transaction"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
