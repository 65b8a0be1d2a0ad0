package io.rolegate.console.sessions;

import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.ProtocolTraces;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;

import java.io.Writer;
import java.util.List;
import java.util.function.Supplier;

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

    /** A started trace, read and stopped in the name of the person logged in now (the engine decides each call). */
    static TraceFeed of(ProtocolTraces.Trace trace, Supplier<ConsoleUser> user) {
        return new TraceFeed() {
            @Override
            public long sessionId() {
                return trace.sessionId();
            }

            @Override
            public List<TraceMessage> after(long seq) {
                return trace.messagesAfter(seq, user.get().identity());
            }

            @Override
            public TraceStatus status() {
                return trace.status(user.get().identity());
            }

            @Override
            public void stop() {
                trace.stop(user.get().identity());
            }

            @Override
            public long export(Writer out) {
                return trace.export(out, user.get().identity());
            }
        };
    }
}
