package io.rolegate.engine.session;

/**
 * The login's audit record could not be made durable, so the login is refused: {@link #sqlState()} and the message
 * are what the client is told (53100 when the store's disk is full, 58000 when the store cannot be written).
 */
public final class AuditUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    public AuditUnavailableException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
