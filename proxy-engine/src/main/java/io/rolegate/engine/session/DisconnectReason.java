package io.rolegate.engine.session;

import io.rolegate.engine.protocol.SqlState;

/**
 * Why a session ended. Each reason knows the SQLSTATE the client is told (null: the client is told nothing by the
 * proxy, because it left, or the server already spoke).
 */
public enum DisconnectReason {
    CLIENT_TERMINATE(null),
    CLIENT_CLOSED(null),
    UPSTREAM_CLOSED(SqlState.CONNECTION_FAILURE),
    UPSTREAM_UNREACHABLE(SqlState.CONNECTION_FAILURE),
    AUTHENTICATION_FAILED(null),
    STARTUP_TIMEOUT(SqlState.CONNECTION_FAILURE),
    TLS_REQUIRED(SqlState.CONNECTION_REJECTED),
    TLS_FAILED(null),
    TOO_MANY_CONNECTIONS(SqlState.TOO_MANY_CONNECTIONS),
    /** limits.maxPendingPerSource: the client's address already had that many connections logging in. */
    TOO_MANY_PENDING(SqlState.TOO_MANY_CONNECTIONS),
    PROTOCOL_VIOLATION(SqlState.PROTOCOL_VIOLATION),
    NOT_SUPPORTED(SqlState.FEATURE_NOT_SUPPORTED),
    REJECTED(SqlState.INVALID_AUTHORIZATION),
    /** limits.loginThrottle: too many failed logins for the name or from the address; audited once per burst. */
    LOGIN_THROTTLED(SqlState.INVALID_AUTHORIZATION),
    ADMIN_KILL(SqlState.ADMIN_SHUTDOWN),
    REVOKED(SqlState.ADMIN_SHUTDOWN),
    SHUTDOWN(SqlState.ADMIN_SHUTDOWN),
    CANCEL_REQUEST(null),
    /** The login's audit record could not be made durable (disk full, store down): refused, never admitted. */
    AUDIT_UNAVAILABLE(SqlState.SYSTEM_ERROR),
    INTERNAL_ERROR(SqlState.INTERNAL_ERROR);

    private final String sqlState;

    DisconnectReason(String sqlState) {
        this.sqlState = sqlState;
    }

    /** The SQLSTATE of the FATAL error the client gets, or null when the proxy says nothing. */
    public String sqlState() {
        return sqlState;
    }

    /** Reasons after which the backend may still be running a query the client no longer wants. */
    boolean cancelsRunningQuery() {
        return this == ADMIN_KILL || this == REVOKED || this == SHUTDOWN || this == CLIENT_CLOSED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
