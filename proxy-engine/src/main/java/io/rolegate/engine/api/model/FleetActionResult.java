package io.rolegate.engine.api.model;

/**
 * What became of a disconnect or cancel asked for a session of any node of the fleet (decision 0028), in words for
 * the DBA: {@code message} says what happened, naming the node.
 *
 * @param node      the node the session lives on
 * @param sessionId the session on that node
 */
public record FleetActionResult(String node, long sessionId, Outcome outcome, String message) {
    /** The kinds of answer. */
    public enum Outcome {
        /** The node ended the session, or cancelled its running query. */
        DONE,
        /** The node has no live session with that id (it ended meanwhile, or never was). */
        NO_SUCH_SESSION,
        /** Cancel: the session ran no query at that moment; nothing was cancelled. */
        NOTHING_RUNNING,
        /** The node refused the action (it could not verify it came from a node of this fleet). */
        REFUSED,
        /** The node is not running: its lock is free, or it has not been seen for a few seconds. */
        NODE_GONE,
        /** The node did not answer within the wait; the action is withdrawn, it will not be taken later. */
        NO_ANSWER,
        /** The node tried and failed, or the store could not carry the action. */
        FAILED
    }

    /** True when the action took effect. */
    public boolean done() {
        return outcome == Outcome.DONE;
    }
}
