package io.rolegate.engine.session;

import io.rolegate.engine.protocol.StartupPacket.StartupMessage;
import io.rolegate.engine.telemetry.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** One log line when a session starts and one when it ends. Never logs anything a client typed as a secret. */
public final class SessionLog implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger("io.rolegate.session");

    @Override
    public void sessionStarted(Session s) {
        StartupMessage m = s.startup();
        String balancer = s.balancerAddress();
        log.info("session {} started: user={} database={} application={} client={}{} tls={} backend_pid={}",
                s.id(), m.user(), m.database(), quoted(s.applicationName()), s.clientAddress(),
                balancer == null ? "" : " via=" + balancer, s.tls() == null ? "off" : s.tls(), s.backendPid());
    }

    @Override
    public void sessionEnded(Session s) {
        StartupMessage m = s.startup();
        Duration lived = Duration.between(s.outcome().accepted(), s.outcome().ended());
        var c = s.counters();
        log.info("session {} ended: user={} reason={}{} duration={}ms in={}B/{}msg out={}B/{}msg queries={} errors={}",
                s.id(), m.user(), s.outcome().endReason().label(),
                s.outcome().endMessage() == null ? "" : " (" + s.outcome().endMessage() + ")", lived.toMillis(),
                c.bytes(Direction.IN), c.messages(Direction.IN), c.bytes(Direction.OUT), c.messages(Direction.OUT),
                c.queries(), c.errors());
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }
}
