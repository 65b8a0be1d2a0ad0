package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.rolegate.engine.config.UpstreamHost;
import io.rolegate.engine.protocol.FrontendMessages;

import java.util.Map;

/**
 * One session's way to a server: the upstream hosts in {@link UpstreamHosts}' order, each connected and logged in
 * to until one fits the target ({@code upstream.targetSessionAttrs}), as libpq does. A host that cannot be reached,
 * or says it cannot take connections now (57P03: starting up, shutting down), is passed over; so is one that logged
 * in but is not what the target asks for, when the proxy logs in itself (directory mode). In passthrough the client
 * answered that server's password request, which no other server can accept, so the session ends instead — with
 * what was seen remembered, so the client's next try goes to a host that fits.
 */
final class UpstreamAttempt {
    private final Session session;
    private final Map<String, String> parameters;
    private final HostChoice choice;
    private ManagedScram managed;
    private UpstreamHost host;

    private UpstreamAttempt(Session session, Map<String, String> parameters, ManagedScram managed) {
        this.session = session;
        this.parameters = parameters;
        this.managed = managed;
        this.choice = session.context().hosts().choose();
    }

    /**
     * Connects upstream on the client's event loop and sends the StartupMessage with {@code parameters}; from then
     * on {@link UpstreamStartup} runs the server's side of startup. {@code managed} null: passthrough.
     */
    static void start(Session session, Map<String, String> parameters, ManagedScram managed) {
        session.transition(SessionState.CONNECTING);
        new UpstreamAttempt(session, parameters, managed).next();
    }

    UpstreamHost host() {
        return host;
    }

    boolean checksServer() {
        return choice.checksServer();
    }

    /** True while another host is left to try after the current one. */
    boolean hasMoreHosts() {
        return choice.hasMore();
    }

    private void next() {
        UpstreamHost server = choice.next();
        if (server == null) {
            session.terminate(DisconnectReason.UPSTREAM_UNREACHABLE, choice.explanation());
            return;
        }
        host = server;
        Channel client = session.client();
        UpstreamHosts hosts = session.context().hosts();
        hosts.connector().connect(client.eventLoop(), server).addListener(f -> {
            if (!f.isSuccess()) {
                hosts.unreachable(server);
                choice.refused(f.cause().getMessage());
                if (!session.state().isEnding()) {
                    next();
                }
                return;
            }
            Channel upstream = (Channel) f.getNow();
            if (!session.server().attach(upstream, server)) {
                upstream.close(); // the client left while we connected
                return;
            }
            UpstreamStartup.install(session, upstream, managed, this);
            session.transition(SessionState.AUTHENTICATING);
            upstream.write(FrontendMessages.startupMessage(upstream.alloc(), parameters));
            session.relays().flushQueued(upstream);
            upstream.flush();
            client.config().setAutoRead(true);
        });
    }

    /**
     * The server logged in and said what it is; true when the session may use it. It is remembered either way,
     * so later sessions try a fitting host first.
     */
    boolean fits(Boolean inHotStandby, boolean defaultReadOnly) {
        session.context().hosts().loggedIn(host, inHotStandby, defaultReadOnly);
        return choice.fits(inHotStandby, defaultReadOnly);
    }

    /**
     * The server at the current host cannot be used: not what the target asks for, or not taking connections now.
     * {@code authenticationShown}: the client already answered this server's authentication request (passthrough),
     * so no other server can be tried.
     */
    void passOver(String why, boolean authenticationShown) {
        choice.refused("the server at " + host + " " + why);
        if (authenticationShown) {
            session.terminate(DisconnectReason.UPSTREAM_UNREACHABLE, choice.explanation()
                    + "; connect again: the next try starts with another host");
            return;
        }
        session.server().abandon();
        session.transition(SessionState.CONNECTING);
        if (managed != null) {
            managed = managed.again(); // a SCRAM exchange is good for one server only
        }
        next();
    }
}
