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

    private final Session session;
    private byte lastType;

    ServerStream(Session session) {
        this.session = session;
    }

    @Override
    protected void onMessage(byte type, int length) {
        lastType = type;
        session.counters().message(Direction.OUT, type);
        if (type == BackendMessages.ERROR_RESPONSE) {
            session.counters().error();
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
        return recorder == null ? 0 : StatementRecorder.serverCapture(type);
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
            StatementRecorder recorder = session.recorder();
            if (recorder != null) {
                recorder.serverBody(type, body, length);
            }
        }
    }

    /** Drivers often set application_name after startup (pgjdbc does): follow the server's word on it. */
    private void parameterStatus(byte[] body, int length) {
        String value = ParameterStatus.valueIfNamed(APPLICATION_NAME, body, length);
        if (value != null) {
            session.applicationName(value);
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
