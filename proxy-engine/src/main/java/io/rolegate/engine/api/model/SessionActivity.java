package io.rolegate.engine.api.model;

import java.util.Locale;

/**
 * Where one session is in its life. The four relay states mirror pg_stat_activity's wording so a DBA reads them the
 * same way; the others are the moments before a session relays (startup, connecting, authenticating) and after it
 * ends.
 */
public enum SessionActivity {
    STARTUP,
    CONNECTING,
    AUTHENTICATING,
    IDLE,
    ACTIVE,
    IDLE_IN_TRANSACTION,
    /** pg_stat_activity's "idle in transaction (aborted)": a statement failed, the transaction awaits ROLLBACK. */
    IDLE_IN_FAILED_TRANSACTION,
    TERMINATING,
    CLOSED;

    /** The label a DBA sees: "idle in transaction". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    @Override
    public String toString() {
        return label();
    }
}
