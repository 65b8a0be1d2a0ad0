package io.rolegate.engine.protocol;

/** The peer sent bytes that are not valid PostgreSQL protocol; the session ends with 08P01. */
public final class ProtocolViolation extends RuntimeException {
    public ProtocolViolation(String message) {
        super(message, null, false, false);
    }
}
