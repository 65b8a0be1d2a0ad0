package io.rolegate.engine.session;

import io.rolegate.engine.protocol.BackendMessages;
import io.rolegate.engine.protocol.ParameterStatus;
import io.rolegate.engine.protocol.TransactionStatus;
import io.rolegate.engine.protocol.FrameScanner;
import io.rolegate.engine.telemetry.Direction;


/**
 * What the server sends, message by message: counts, errors, and ReadyForQuery, whose status byte closes a round
 * trip and sets the session's state (idle, idle in transaction, idle in failed transaction).
 */
final class ServerStream extends FrameScanner {
    private static final int PARAMETER_CAPTURE = 256;
    private static final String APPLICATION_NAME = "application_name";

    /** How much of an ErrorResponse body is read to tell a FATAL 57P01: severity and code come first. */
    private static final int ERROR_HEAD = 96;

    private final Session session;
    private byte lastType;
    /**
     * Where, in the read being scanned, an ErrorResponse of a directory session began (-1: none): the relay holds
     * it back until it is known whether it is a FATAL 57P01 ({@link ServerWordHold}). Taken by the relay per read.
     */
    private int errorStart = -1;
    /** Inside the body of the ErrorResponse at {@link #errorStart}: its end has not arrived yet. */
    private boolean errorOpen;
    /** The server said FATAL 57P01 ("terminating connection due to administrator command"). */
    private boolean adminShutdown;

    ServerStream(Session session) {
        this.session = session;
    }

    @Override
    protected void onMessage(byte type, int length) {
        lastType = type;
        session.counters().message(Direction.OUT, type);
        if (type == BackendMessages.ERROR_RESPONSE) {
            session.counters().error();
            watchError(length);
        }
        StatementRecorder recorder = session.recorder();
        if (recorder != null) {
            recorder.serverMessage(type);
        }
    }

    @Override
    protected int captureLimit(byte type) {
        if (type == BackendMessages.READY_FOR_QUERY) {
            return 1;
        }
        if (type == BackendMessages.PARAMETER_STATUS) {
            return PARAMETER_CAPTURE;
        }
        StatementRecorder recorder = session.recorder();
        int recorded = recorder == null ? 0 : StatementRecorder.serverCapture(type);
        return type == BackendMessages.ERROR_RESPONSE && errorOpen ? Math.max(ERROR_HEAD, recorded) : recorded;
    }

    /**
     * A directory session's server may end it with 57P01 because another node of a fleet swept the revoked role's
     * backends: the relay then holds the error back until the node knows whether to say why in Rolegate's words
     * (decision 0037). Only ErrorResponses are looked at, and only where they begin in the read at hand.
     */
    private void watchError(int length) {
        if (adminShutdown || session.identity().directoryDn() == null) {
            return;
        }
        errorStart = messageStart();
        errorOpen = errorStart >= 0 && length > 4;
    }

    /** The start of an ErrorResponse to hold back that began in the read just scanned, or -1; clears it. */
    int takeErrorStart() {
        int at = errorStart;
        errorStart = -1;
        return at;
    }

    /** The held ErrorResponse's end has not arrived yet. */
    boolean errorOpen() {
        return errorOpen;
    }

    /** The server's last word was FATAL 57P01. */
    boolean adminShutdown() {
        return adminShutdown;
    }

    @Override
    protected void onBody(byte type, byte[] body, int length, boolean complete) {
        if (type == BackendMessages.READY_FOR_QUERY) {
            readyForQuery(body[0]);
        } else if (type == BackendMessages.PARAMETER_STATUS) {
            if (complete) {
                parameterStatus(body, length);
            }
        } else {
            if (type == BackendMessages.ERROR_RESPONSE && errorOpen) {
                errorOpen = false;
                adminShutdown = io.rolegate.engine.protocol.ErrorFields.isFatal(body, length,
                        io.rolegate.engine.protocol.SqlState.ADMIN_SHUTDOWN);
            }
            StatementRecorder recorder = session.recorder();
            if (recorder != null) {
                recorder.serverBody(type, body, length);
            }
        }
    }

    /** Drivers often set application_name after startup (pgjdbc does): follow the server's word on it. */
    private void parameterStatus(byte[] body, int length) {
        String value = ParameterStatus.valueIfNamed(APPLICATION_NAME, body, length);
        if (value != null && !value.equals(session.applicationName())) {
            session.applicationName(value);
            StatementRecorder recorder = session.recorder();
            if (recorder != null) {
                recorder.applicationName(value);
            }
        }
    }

    private void readyForQuery(byte code) {
        TransactionStatus status = TransactionStatus.orElse(code, TransactionStatus.IDLE);
        StatementRecorder recorder = session.recorder();
        if (recorder != null) {
            recorder.ready(status.code());
        }
        long started = session.pending().poll();
        if (started >= 0) {
            session.counters().roundTrip(System.nanoTime() - started);
        }
        if (status == TransactionStatus.IDLE) {
            session.counters().transaction();
        }
        if (!session.state().isRelaying()) {
            return;
        }
        if (!session.pending().isEmpty()) {
            session.transition(SessionState.ACTIVE);
        } else if (status == TransactionStatus.IN_TRANSACTION) {
            session.transition(SessionState.IDLE_IN_TRANSACTION);
        } else if (status == TransactionStatus.FAILED) {
            session.transition(SessionState.IDLE_IN_FAILED_TRANSACTION);
        } else {
            session.transition(SessionState.IDLE);
        }
    }

    /**
     * Between messages, and the server's last word was not an ErrorResponse left unanswered by ReadyForQuery (a
     * server that says FATAL has already told the client why the connection ends).
     */
    boolean clientMayHearProxy() {
        return atBoundary() && lastType != BackendMessages.ERROR_RESPONSE;
    }
}
