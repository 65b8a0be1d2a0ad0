package io.rolegate.engine.session;

/** Hears sessions start (ReadyForQuery reached) and end. Called on the session's event loop: never block. */
public interface SessionListener {
    default void sessionStarted(Session session) {
    }

    default void sessionEnded(Session session) {
    }
}
