package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;
import io.rolegate.engine.telemetry.SessionCounters;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * One client connection and, once connected, its server connection ({@link ServerLink}). Both channels live on the
 * same event loop; every mutation happens there. Other threads read the volatile fields, {@link SessionIdentity},
 * {@link SessionOutcome}, {@link QueryCapture} and the counters for snapshots.
 *
 * <p>{@link #transition} is the one place the state changes; {@link #terminate} is the one way a session ends.
 */
public final class Session {
    private final long id;
    private final Channel client;
    private final ProxyContext context;
    private final SessionCounters counters = new SessionCounters();
    private final PendingRequests pending = new PendingRequests();
    private final SessionIdentity identity = new SessionIdentity();
    private final SessionOutcome outcome = new SessionOutcome();
    private final QueryCapture queries = new QueryCapture(this);
    private final ServerLink server = new ServerLink(this);
    private final Relays relays = new Relays(this);
    private final ClientAddresses addresses;

    private volatile SessionState state = SessionState.STARTUP;
    private volatile StartupMessage startup;
    private volatile String tls;
    private volatile String applicationName;
    /** Set on the event loop before AuthenticationOk when policies.record applies; read only there. */
    private StatementRecorder recorder;
    private volatile String recordedBecause;
    /** A protocol trace's tap, or null (nearly always): the relay reads it once per read. Event loop only. */
    WireTap tap;
    private ScheduledFuture<?> startupTimer;
    private Runnable startupDone;
    private InetAddress pendingSource;

    Session(long id, Channel client, ProxyContext context) {
        this.id = id;
        this.client = client;
        this.context = context;
        this.addresses = new ClientAddresses(client);
        client.closeFuture().addListener(f -> onClientClosed());
    }

    public long id() {
        return id;
    }

    public SessionState state() {
        return state;
    }

    public StartupMessage startup() {
        return startup;
    }

    public SessionCounters counters() {
        return counters;
    }

    /** Who the session is: the client's user name, the directory entry, the managed role and mapped roles. */
    public SessionIdentity identity() {
        return identity;
    }

    /** When it was accepted and ended, whether it was let in, why it ended and what the client was told. */
    public SessionOutcome outcome() {
        return outcome;
    }

    /** The statement the client sent last, and query capture. */
    public QueryCapture queries() {
        return queries;
    }

    /**
     * Records each later statement of this session into {@code sink} ({@code policies.record}), {@code because} of
     * what the policy matched. Call on the session's event loop before AuthenticationOk is sent, so the first
     * statement is recorded too.
     */
    public void record(RecordingSink sink, String because) {
        recorder = new StatementRecorder(sink);
        recordedBecause = because;
    }

    /** Why this session is recorded ("member of cn=contractors,…"), or null when it is not. Any thread. */
    public String recordedBecause() {
        return recordedBecause;
    }

    /** Statements answered but not recorded because the client pipelined past what the recorder follows. */
    public long statementsNotRecorded() {
        StatementRecorder r = recorder;
        return r == null ? 0 : r.notRecorded();
    }

    StatementRecorder recorder() {
        return recorder;
    }

    /** "TLSv1.3 TLS_AES_128_GCM_SHA256", or null on plain TCP. */
    public String tls() {
        return tls;
    }

    /** "host:port" of the client: the one a trusted load balancer named in its PROXY header, else the peer. */
    public String clientAddress() {
        return addresses.client();
    }

    /** "host:port" of the load balancer that named the client in a PROXY header; null for a direct connection. */
    public String balancerAddress() {
        return addresses.balancer();
    }

    ClientAddresses addresses() {
        return addresses;
    }

    /** The real upstream backend pid (also what the client sees: isolation testers rely on it). */
    public int backendPid() {
        return server.backendPid();
    }

    /** The upstream server this session's backend runs on (one of upstream.hosts); null before it connected. */
    public io.rolegate.engine.config.UpstreamHost serverHost() {
        return server.host();
    }

    /**
     * The proxy's port of a backend started for this session (pg_stat_activity's {@code client_port}), which names
     * the backend before BackendKeyData does; 0 without one, or when the connection is a kept one.
     */
    public int newBackendPort() {
        return server.origin() == ServerLink.Origin.NEW_BACKEND ? server.localPort() : 0;
    }

    /** True when the session runs on a server connection an earlier session of the same user left. */
    public boolean serverConnectionReused() {
        return server.origin() == ServerLink.Origin.KEPT;
    }

    /** application_name as the server last reported it (clients may change it with SET). */
    public String applicationName() {
        return applicationName;
    }

    /**
     * Bytes waiting in the proxy's outbound buffers towards the client and towards the server. Backpressure keeps
     * each under its high water mark plus one read ({@link UpstreamConnector#WATER_MARK}). Any thread.
     */
    public long bufferedBytes() {
        return waitingToBeWritten(client) + waitingToBeWritten(server.channel());
    }

    private static long waitingToBeWritten(Channel ch) {
        var out = ch == null ? null : ch.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** The event loop both channels of this session live on. */
    public io.netty.channel.EventLoop eventLoop() {
        return client.eventLoop();
    }

    /**
     * Attaches {@code t} on the event loop, between two reads: completes with false when the session is not
     * relaying (still starting, or ending) or another tap is attached. Any thread.
     */
    public java.util.concurrent.CompletableFuture<Boolean> attachTap(WireTap t) {
        var done = new java.util.concurrent.CompletableFuture<Boolean>();
        client.eventLoop().execute(() -> {
            if (tap != null || !state.isRelaying() || !client.isActive()) {
                done.complete(false);
                return;
            }
            tap = t;
            t.attached(relays.clientFraming(), relays.serverFraming());
            done.complete(true);
        });
        return done;
    }

    /** Detaches {@code t} if it is attached; on the event loop (the caller's thread when that is it). */
    public void detachTap(WireTap t) {
        if (!client.eventLoop().inEventLoop()) {
            client.eventLoop().execute(() -> detachTap(t));
        } else if (tap == t) {
            tap = null;
        }
    }

    Channel client() {
        return client;
    }

    ServerLink server() {
        return server;
    }

    Relays relays() {
        return relays;
    }

    ProxyContext context() {
        return context;
    }

    PendingRequests pending() {
        return pending;
    }

    /** The single point where the state changes; an illegal move is a bug, not a client error. */
    void transition(SessionState next) {
        SessionState current = state;
        if (current == next) {
            return;
        }
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("session " + id + ": illegal move " + current + " -> " + next);
        }
        state = next;
    }

    void startupRead(StartupMessage message) {
        this.startup = message;
        this.applicationName = message.applicationName();
        identity.clientUser(message.user());
    }

    void applicationName(String name) {
        this.applicationName = name;
    }

    void tlsEstablished(String description) {
        this.tls = description;
    }

    void armStartupTimer(long millis) {
        startupTimer = client.eventLoop().schedule(() -> terminate(DisconnectReason.STARTUP_TIMEOUT,
                "rolegate: startup did not finish within " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code then} on the event loop once, when startup ends: ready, refused or closed. */
    void whenStartupDone(Runnable then) {
        this.startupDone = then;
    }

    private void startupDone() {
        Runnable then = startupDone;
        startupDone = null;
        if (then != null) {
            then.run();
        }
    }

    /** The connection holds one of its address's {@code limits.maxPendingPerSource} slots until it logs in or ends. */
    void pendingFrom(InetAddress source) {
        pendingSource = source;
    }

    private void pendingEnded() {
        if (pendingSource != null) {
            context.registry().pendingConnections().remove(pendingSource);
            pendingSource = null;
        }
    }

    /** Startup finished: the client got ReadyForQuery and the relay runs. */
    void ready() {
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        startupDone();
        pendingEnded();
        transition(SessionState.IDLE);
        context.registry().loginTimes().record(outcome.nanosSinceAccepted());
        context.registry().sessionReady(this);
    }

    /** The client sent Terminate. Its server connection is kept only from a clean goodbye between transactions. */
    void clientSaidGoodbye() {
        outcome.clientSaidGoodbye();
        server.clientSaidGoodbye(state == SessionState.IDLE && pending.isEmpty() && relays.clientMayHearProxy());
    }

    /**
     * Refuses the login with a SQLSTATE chosen by a policy or the directory (28P01, 28000, 53300, 08004, 08006):
     * the same choke point as {@link #terminate}, with the client told exactly that.
     */
    void refuse(String sqlState, String message) {
        refuse(DisconnectReason.REJECTED, sqlState, message);
    }

    void refuse(DisconnectReason reason, String sqlState, String message) {
        outcome.refused(sqlState, message);
        terminate(reason, message);
    }

    /** Whether bytes from the client should still be acted on. */
    boolean acceptsClientInput() {
        return !state.isEnding();
    }

    /**
     * The one way a session ends. Tells the client why (a FATAL ErrorResponse with the reason's SQLSTATE) when the
     * reason has one and the client stream is between messages, cancels a query the client no longer wants, and
     * closes both channels. Safe from any thread; idempotent.
     */
    public void terminate(DisconnectReason reason, String message) {
        if (!client.eventLoop().inEventLoop()) {
            client.eventLoop().execute(() -> terminate(reason, message));
            return;
        }
        SessionState before = state;
        if (before.isEnding()) {
            return;
        }
        outcome.ending(reason, message);
        transition(SessionState.TERMINATING);
        if (reason == DisconnectReason.STARTUP_TIMEOUT) {
            context.registry().pendingConnections().refused(PendingConnections.Refusal.STARTUP_TIMEOUT);
        } else if (reason == DisconnectReason.TOO_MANY_CONNECTIONS) {
            context.registry().pendingConnections().refused(PendingConnections.Refusal.MAX_CLIENT_CONNECTIONS);
        }
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        startupDone();
        server.end(reason, before);
        String sqlState = outcome.fatalSqlState(reason);
        if (sqlState != null && message != null && client.isActive() && relays.clientMayHearProxy()) {
            LastWord.fatal(client, sqlState, message);
        } else {
            client.close();
        }
    }

    /** The server connection closed: the client's goodbye, a failed login, or the server went away. */
    void serverClosed(Channel channel) {
        if (channel != server.channel()) {
            return; // an abandoned connection, or one kept for the next login
        }
        SessionState s = state;
        if (outcome.goodbyeSaid()) {
            terminate(DisconnectReason.CLIENT_TERMINATE, null); // the server closed because the client said goodbye
        } else if (s == SessionState.CONNECTING || s == SessionState.AUTHENTICATING) {
            terminate(DisconnectReason.AUTHENTICATION_FAILED,
                    "rolegate: the upstream server closed the connection during authentication");
        } else {
            terminate(DisconnectReason.UPSTREAM_CLOSED,
                    "rolegate: the upstream server closed the connection unexpectedly");
        }
    }

    private void onClientClosed() {
        if (!state.isEnding()) {
            terminate(outcome.goodbyeSaid() ? DisconnectReason.CLIENT_TERMINATE : DisconnectReason.CLIENT_CLOSED, null);
        }
        Channel upstream = server.channel();
        if (upstream != null) {
            upstream.close();
        }
        pendingEnded();
        WireTap t = tap;
        if (t != null) {
            tap = null;
            t.sessionEnded();
        }
        outcome.closed();
        transition(SessionState.CLOSED);
        context.registry().sessionClosed(this);
        if (outcome.admitted()) {
            context.audit().ended(this);
        } else if (outcome.endReason() == DisconnectReason.LOGIN_THROTTLED) {
            // audited once per burst, by the authenticator: a flood must not flood the audit chain
        } else if (startup != null || outcome.sqlState() != null) {
            context.audit().refused(this);
        }
    }

    @Override
    public String toString() {
        StartupMessage s = startup;
        return "session " + id + (s == null ? "" : " (" + s.user() + "@" + s.database() + ")");
    }
}
