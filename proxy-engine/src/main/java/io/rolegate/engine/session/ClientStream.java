package io.rolegate.engine.session;

import io.rolegate.engine.protocol.FrameScanner;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.telemetry.Direction;

/**
 * What the client sends, message by message: counts, queries, and the start of each round trip. A simple Query
 * and each Sync each expect one ReadyForQuery, so they open a round trip; Execute counts as a query too.
 */
final class ClientStream extends FrameScanner {
    /** Enough of a statement to recognise it; longer text is cut (and marked so). */
    private static final int QUERY_CAPTURE = 2048;
    private static final byte PARSE = FrontendMessages.PARSE;

    private final Session session;
    private byte lastType;

    ClientStream(Session session) {
        this.session = session;
    }

    @Override
    protected void onMessage(byte type, int length) {
        lastType = type;
        session.counters().message(Direction.IN, type);
        switch (type) {
            case FrontendMessages.QUERY:
                session.counters().query();
                requestStarted();
                break;
            case FrontendMessages.SYNC:
                requestStarted();
                break;
            case FrontendMessages.EXECUTE:
                session.counters().query();
                markActive();
                break;
            case FrontendMessages.TERMINATE:
                session.clientSaidGoodbye();
                break;
            default:
                markActive();
        }
        StatementRecorder recorder = session.recorder();
        if (recorder != null) {
            recorder.clientMessage(type);
        }
    }

    /** The bytes scanned so far end exactly with a Terminate message. */
    boolean endsWithTerminate() {
        return lastType == FrontendMessages.TERMINATE && atBoundary();
    }

    @Override
    protected int captureLimit(byte type) {
        if (type == FrontendMessages.QUERY || type == PARSE) {
            return QUERY_CAPTURE;
        }
        StatementRecorder recorder = session.recorder();
        return recorder == null ? 0 : StatementRecorder.clientCapture(type);
    }

    /**
     * Keeps the statement text as bytes (at most one small copy per statement, none when the client repeats the
     * last one; decoding and redaction happen only when a console or snapshot asks, off the event loop). For
     * Parse, the text follows the statement name.
     */
    @Override
    protected void onBody(byte type, byte[] body, int length, boolean complete) {
        StatementRecorder recorder = session.recorder();
        if (type != FrontendMessages.QUERY && type != PARSE) {
            if (recorder != null) {
                recorder.clientBody(type, body, length);
            }
            return;
        }
        int from = 0;
        if (type == PARSE) {
            while (from < length && body[from] != 0) {
                from++;
            }
            from++;
        }
        int to = from;
        while (to < length && body[to] != 0) {
            to++;
        }
        boolean cut = !complete && to == length;
        byte[] text = to > from ? session.queries().statement(body, from, to, cut, type == PARSE) : null;
        if (recorder != null) {
            byte[] kept = text == null ? new byte[0] : text;
            if (type == PARSE) {
                recorder.parsed(body, from - 1, kept, cut);
            } else {
                recorder.query(kept, cut);
            }
        }
    }

    private void requestStarted() {
        session.pending().add(System.nanoTime());
        markActive();
    }

    private void markActive() {
        if (session.state().isRelaying()) {
            session.transition(SessionState.ACTIVE);
        }
    }
}
