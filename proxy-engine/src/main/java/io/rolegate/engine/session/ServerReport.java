package io.rolegate.engine.session;

import io.rolegate.engine.protocol.BackendMessage;
import io.rolegate.engine.protocol.ParameterStatus;
import io.rolegate.engine.protocol.TypedMessage;

import java.util.ArrayDeque;

/**
 * What a server said between AuthenticationOk and ReadyForQuery, kept in order while the session decides whether
 * it takes the server: whether it is a hot standby, and whether its transactions are read-only by default.
 */
final class ServerReport {
    private final TypedMessage authenticationOk;
    private final ArrayDeque<TypedMessage> messages = new ArrayDeque<>();
    private Boolean inHotStandby;
    private boolean defaultReadOnly;

    ServerReport(TypedMessage authenticationOk) {
        this.authenticationOk = authenticationOk;
    }

    void add(TypedMessage m) {
        messages.add(m);
        if (m.type() == BackendMessage.PARAMETER_STATUS.code()) {
            ParameterStatus p = ParameterStatus.parse(m.body());
            if ("in_hot_standby".equals(p.name())) {
                inHotStandby = "on".equals(p.value());
            } else if ("default_transaction_read_only".equals(p.name())) {
                defaultReadOnly = "on".equals(p.value());
            }
        }
    }

    /** Null when the server did not report it (PostgreSQL before 14). */
    Boolean inHotStandby() {
        return inHotStandby;
    }

    boolean defaultReadOnly() {
        return defaultReadOnly;
    }

    TypedMessage authenticationOk() {
        return authenticationOk;
    }

    /** The messages after AuthenticationOk, handed over: the caller releases them. */
    ArrayDeque<TypedMessage> messages() {
        return messages;
    }

    /** What the server is, in the DBA's words, for the client's error. */
    String describe() {
        if (inHotStandby == null) {
            return "a server that does not report in_hot_standby (PostgreSQL before 14), so it cannot be told apart";
        }
        if (inHotStandby) {
            return "a standby (in_hot_standby = on)";
        }
        return defaultReadOnly ? "a primary whose sessions are read-only (default_transaction_read_only = on)"
                : "a primary (in_hot_standby = off)";
    }

    void release() {
        authenticationOk.release();
        messages.forEach(TypedMessage::release);
        messages.clear();
    }
}
