package io.rolegate.console.sessions;

import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;

import java.io.Writer;
import java.util.List;

/** A running or stopped protocol trace of one session, as the trace window reads it. Every call may block. */
public interface TraceFeed {
    long sessionId();

    /** The kept lines numbered above {@code seq}, oldest first (a page at a time). */
    List<TraceMessage> after(long seq);

    TraceStatus status();

    /** Stops the trace (audited under the person's name). */
    void stop();

    /** Writes every kept line as JSON Lines (audited); the number written. */
    long export(Writer out);
}
