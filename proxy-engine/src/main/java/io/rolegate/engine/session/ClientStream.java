package io.rolegate.engine.session;

import io.rolegate.engine.protocol.FrameScanner;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.telemetry.Direction;

/**
 * What the client sends, message by message: counts, queries, and the start of each round trip. A simple Query
 * and each Sync each expect one ReadyForQuery, so they open a round trip; Execute counts as a query too.
 */
final class ClientStream extends FrameScanner {
    private final Session session;

    ClientStream(Session session) {
        this.session = session;
    }

    @Override
    protected void onMessage(byte type, int length) {
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
                session.clientSentTerminate();
                break;
            default:
                markActive();
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
