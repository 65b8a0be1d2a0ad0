package io.rolegate.engine.session;

/**
 * Where a recorded session's statements go ({@code policies.record}). Called on the session's event loop with
 * values nobody changes afterwards: queue them, never block, never throw.
 */
@FunctionalInterface
public interface RecordingSink {
    void statement(FinishedStatement statement);

    /** The session's application_name changed (the server reported it after a SET): the recording shows the new one. */
    default void applicationName(String name) {
    }
}
