package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;

import java.io.Writer;
import java.util.List;

/**
 * Protocol traces as the console starts and reads them (decision 0023, 0031): for auditors only, decided by the
 * engine; every start, stop and export is audited in the caller's name. {@link EngineTraces} in this process; over
 * the admin API's auditor routes when attached. Blocking calls.
 */
public interface ProtocolTraces {
    /** Starts tracing live session {@code sessionId} for {@code who}. */
    Trace start(long sessionId, TraceLimits limits, ConsoleIdentity who);

    /** One started trace: its lines while it runs and after it stopped, Stop and Export. */
    interface Trace {
        long sessionId();

        /** Where the trace stands, for {@code reader}. */
        TraceStatus status(ConsoleIdentity reader);

        /** The kept lines numbered above {@code afterSeq} (a page at a time), for {@code reader}. */
        List<TraceMessage> messagesAfter(long afterSeq, ConsoleIdentity reader);

        /** Stops the trace (audited); nothing happens when it already stopped. */
        void stop(ConsoleIdentity who);

        /** Writes every kept line as JSON Lines (audited); the lines written. */
        long export(Writer out, ConsoleIdentity who);
    }
}
