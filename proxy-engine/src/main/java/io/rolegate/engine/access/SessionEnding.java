package io.rolegate.engine.access;

import io.rolegate.engine.session.DisconnectReason;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionState;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending a user's proxied sessions for a revocation, so that each client reads why before its backend goes. */
final class SessionEnding {
    private SessionEnding() {
    }

    /** Ends with 57P01 and {@code message} every live directory session that logged in as {@code loginRole}. */
    static List<Session> endAll(io.rolegate.engine.session.SessionRegistry sessions, String loginRole,
                                String message) {
        List<Session> ending = new ArrayList<>();
        for (Session s : sessions.live()) {
            if (loginRole.equals(s.identity().loginRole()) && s.identity().directoryDn() != null) {
                s.terminate(DisconnectReason.REVOKED, message);
                ending.add(s);
            }
        }
        return ending;
    }

    /**
     * Waits (briefly) until each session has told its client why it ends: pg_terminate_backend afterwards would
     * otherwise end the proxied backend first, and the client would read the server's bare "terminating
     * connection due to administrator command" instead of the reason.
     */
    static void awaitTerminating(List<Session> ending) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Session s : ending) {
            while (s.state().ordinal() < SessionState.TERMINATING.ordinal()) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
