package io.rolegate.engine.session;

import io.rolegate.engine.policy.RequestContext;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;

import java.time.Instant;
import java.util.List;

/**
 * What a decision needs to know about a live session when it is decided again (a directory change, a mapping
 * change, the periodic reconciliation, another login of the same user): its own source address, database and
 * application, and the time now — never a stand-in such as loopback, which once refused every session of an
 * engine that allowed only {@code ::1}. The source is the client a trusted load balancer named, not the balancer.
 */
public final class SessionFacts {
    private SessionFacts() {
    }

    /**
     * The request {@code session} would make if it logged in at {@code now}. Its own session does not count
     * against the per-user limit: a session already admitted is not ended because the limit was lowered.
     */
    public static RequestContext of(Session session, Instant now) {
        StartupMessage startup = session.startup();
        return new RequestContext(startup.user(), startup.database(), session.addresses().ip(), session.applicationName(),
                now, 0);
    }

    /** The facts of every live directory session of the managed role {@code loginRole}. */
    public static List<RequestContext> ofRole(SessionRegistry sessions, String loginRole, Instant now) {
        return sessions.directorySessionsOf(loginRole).stream().map(s -> of(s, now)).toList();
    }
}
