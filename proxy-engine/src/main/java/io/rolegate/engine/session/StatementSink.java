package io.rolegate.engine.session;

/**
 * Hears the text of each statement a session's client sends (simple Query, or the query of a Parse), for capture
 * into the audit. Called on the session's event loop with bytes nobody changes afterwards: hand them on, never block.
 */
@FunctionalInterface
public interface StatementSink {
    /**
     * @param text     the statement as the client encoded it (bounded: the first 2 KiB)
     * @param cut      true when the statement was longer than what was kept
     * @param extended true for a Parse (extended protocol), false for a simple Query
     */
    void statement(Session session, byte[] text, boolean cut, boolean extended);
}
