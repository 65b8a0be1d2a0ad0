package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.rolegate.engine.protocol.BackendMessages;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.protocol.ParameterStatus;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;
import io.rolegate.engine.telemetry.SessionCounters;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One client connection and, once connected, its upstream connection. Both channels live on the same event loop;
 * every mutation happens there. Other threads read the volatile fields and the counters for snapshots.
 *
 * <p>{@link #transition} is the one place the state changes; {@link #terminate} is the one way a session ends.
 */
public final class Session {
    private static final long LINGER_MILLIS = 500;
    private final long id;
    private final Channel client;
    private final ProxyContext context;
    private final SessionCounters counters = new SessionCounters();
    private final PendingRequests pending = new PendingRequests();
    private final Instant accepted = Instant.now();
    private final long acceptedNanos = System.nanoTime();

    private volatile SessionState state = SessionState.STARTUP;
    private volatile StartupMessage startup;
    private volatile String tls;
    private volatile String applicationName;
    private volatile Instant ended;
    private volatile DisconnectReason endReason;
    private volatile String endMessage;

    private Channel upstream;
    private int backendPid;
    private byte[] backendKey;
    private int proxyKey;
    private ScheduledFuture<?> startupTimer;
    private boolean clientSentTerminate;
    private volatile boolean admitted;
    private volatile String refusalSqlState;
    private volatile String refusalMessage;
    private volatile String directoryDn;
    private volatile byte[] lastQuery;
    private volatile boolean lastQueryCut;
    private volatile StatementSink statementSink;
    private volatile String loginRole;
    private volatile java.util.Set<String> roles = java.util.Set.of();
    private RelayHandler toClientRelay;
    /** Set when the server connection may be kept for this user's next login (upstream.keepIdle). */
    private String keepKey;
    private java.util.Map<String, String> serverParameters;
    private boolean keepServerConnection;
    private volatile boolean serverConnectionReused;

    Session(long id, Channel client, ProxyContext context) {
        this.id = id;
        this.client = client;
        this.context = context;
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

    public Instant accepted() {
        return accepted;
    }

    public Instant ended() {
        return ended;
    }

    public DisconnectReason endReason() {
        return endReason;
    }

    public String endMessage() {
        return endMessage;
    }

    /** "TLSv1.3 TLS_AES_128_GCM_SHA256", or null on plain TCP. */
    public String tls() {
        return tls;
    }

    /** "host:port" of the client (no leading slash), or what the transport says when it is not an IP socket. */
    public String clientAddress() {
        if (client.remoteAddress() instanceof java.net.InetSocketAddress a) {
            return a.getHostString() + ":" + a.getPort();
        }
        return String.valueOf(client.remoteAddress());
    }

    /** The real upstream backend pid (also what the client sees: isolation testers rely on it). */
    public int backendPid() {
        return backendPid;
    }

    Channel client() {
        return client;
    }

    Channel upstream() {
        return upstream;
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
    }

    /** application_name as the server last reported it (clients may change it with SET). */
    public String applicationName() {
        return applicationName;
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

    /** Attaches the upstream channel; false when the client left while it was connecting. */
    boolean attachUpstream(Channel channel) {
        if (state == SessionState.TERMINATING || state == SessionState.CLOSED) {
            return false;
        }
        upstream = channel;
        channel.closeFuture().addListener(f -> onUpstreamClosed(channel));
        return true;
    }

    /** Drops the upstream connection without ending the session, to log in again on a new one. */
    void abandonUpstream() {
        Channel old = upstream;
        upstream = null;
        if (old != null) {
            old.close();
        }
    }

    /** Records the server's real cancel key and returns the key the client is given instead. */
    int issueCancelKey(int pid, byte[] realKey) {
        backendPid = pid;
        backendKey = realKey.clone();
        proxyKey = context.registry().newCancelSecret();
        context.registry().registerCancelKey(this);
        return proxyKey;
    }

    int proxyKey() {
        return proxyKey;
    }

    byte[] backendKey() {
        return backendKey;
    }

    /** Startup finished: the client got ReadyForQuery and the relay runs. */
    void ready() {
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        transition(SessionState.IDLE);
        context.registry().loginTimes().record(System.nanoTime() - acceptedNanos);
        context.registry().sessionReady(this);
    }

    void relayInstalled(RelayHandler toClient) {
        this.toClientRelay = toClient;
    }

    /** Authentication succeeded and its audit record is durable. */
    void admitted() {
        admitted = true;
    }

    public boolean wasAdmitted() {
        return admitted;
    }

    /** The server refused the login itself (passthrough): its SQLSTATE and message, for the audit. */
    void serverRefused(String sqlState, String message) {
        refusalSqlState = sqlState;
        refusalMessage = message;
    }

    /** The SQLSTATE the client was given when the session ended, whoever gave it; null when none. */
    public String outcomeSqlState() {
        return refusalSqlState != null ? refusalSqlState : endReason == null ? null : endReason.sqlState();
    }

    /** What the client was told, or why the session ended. */
    public String outcomeMessage() {
        return refusalMessage != null ? refusalMessage : endMessage;
    }

    void lastQuery(byte[] text, boolean cut, boolean extended) {
        lastQueryCut = cut;
        lastQuery = text;
        StatementSink sink = statementSink;
        if (sink != null) {
            sink.statement(this, text, cut, extended);
        }
    }

    /** Hands every later statement of this session to {@code sink} (query capture into the audit); null stops. */
    public void captureStatements(StatementSink sink) {
        this.statementSink = sink;
    }

    /**
     * The current or last statement the client sent, with every literal replaced by {@code ?} (so captured text
     * shows the shape of a query, never its data); null before the first. Decoded here, off the event loop.
     */
    public String lastQueryRedacted() {
        byte[] text = lastQuery;
        if (text == null) {
            return null;
        }
        String sql = io.rolegate.engine.telemetry.SqlRedactor.redact(
                new String(text, java.nio.charset.StandardCharsets.UTF_8));
        return lastQueryCut ? sql + " …" : sql;
    }

    /** Who the directory said this is, and the managed role and mapped roles it logs in with. */
    void identity(String dn, String role, java.util.Set<String> mapped) {
        this.directoryDn = dn;
        this.loginRole = role;
        this.roles = java.util.Set.copyOf(mapped);
    }

    /** The directory entry that authenticated; null in passthrough. */
    public String directoryDn() {
        return directoryDn;
    }

    /** The PostgreSQL role the session runs as upstream: the managed role, or the client's user in passthrough. */
    public String loginRole() {
        return loginRole != null ? loginRole : startup == null ? null : startup.user();
    }

    public java.util.Set<String> roles() {
        return roles;
    }

    /**
     * Refuses the login with a SQLSTATE chosen by a policy or the directory (28P01, 28000, 53300, 08004, 08006):
     * the same choke point as {@link #terminate}, with the client told exactly that.
     */
    void refuse(String sqlState, String message) {
        refuse(DisconnectReason.REJECTED, sqlState, message);
    }

    void refuse(DisconnectReason reason, String sqlState, String message) {
        refusalSqlState = sqlState;
        refusalMessage = message;
        terminate(reason, message);
    }

    void clientSentTerminate() {
        clientSentTerminate = true;
        // Kept only from a clean goodbye between transactions: nothing in flight either way.
        keepServerConnection = keepKey != null && state == SessionState.IDLE && pending.isEmpty()
                && upstream != null && upstream.isActive() && backendKey != null && mayInjectToClient();
    }

    /**
     * This session's server connection may be kept for the next login with {@code key} (same managed role, same
     * start-up parameters); the ParameterStatus values the server reports at start-up are recorded from now on.
     */
    void keepServerConnectionAs(String key) {
        keepKey = key;
        serverParameters = new java.util.LinkedHashMap<>();
    }

    /** A ParameterStatus body the server sent during start-up: recorded only when the connection may be kept. */
    void serverParameter(ByteBuf body) {
        if (serverParameters != null) {
            ParameterStatus reported = ParameterStatus.parse(body);
            serverParameters.put(reported.name(), reported.value());
        }
    }

    /** True while the client's Terminate is to stay in the proxy: the server connection will be kept. */
    boolean keepsServerConnection() {
        return keepServerConnection;
    }

    void dontKeepServerConnection() {
        keepServerConnection = false;
    }

    /** This session was given a kept server connection instead of a new backend. */
    void reusing(KeptConnections.Kept kept) {
        serverConnectionReused = true;
        serverParameters = new java.util.LinkedHashMap<>(kept.parameters);
    }

    /** True when the session runs on a server connection an earlier session of the same user left. */
    public boolean serverConnectionReused() {
        return serverConnectionReused;
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
        if (before == SessionState.TERMINATING || before == SessionState.CLOSED) {
            return;
        }
        endReason = reason;
        endMessage = message;
        transition(SessionState.TERMINATING);
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        closeUpstream(reason, before);
        String sqlState = reason == DisconnectReason.REJECTED && refusalSqlState != null ? refusalSqlState
                : reason.sqlState();
        if (sqlState != null && message != null && client.isActive() && mayInjectToClient()) {
            client.writeAndFlush(BackendMessages.fatal(client.alloc(), sqlState, message, null))
                    .addListener(f -> lingeringClose());
        } else {
            client.close();
        }
    }

    /**
     * Closes after the error is sent, but first stops writing and keeps reading (and dropping) for a moment: a
     * socket closed with unread input answers with a reset, and a reset can destroy the error before the client
     * reads it.
     */
    private void lingeringClose() {
        if (client instanceof DuplexChannel duplex && client.isActive()) {
            duplex.shutdownOutput();
            client.config().setAutoRead(true);
            client.eventLoop().schedule(() -> client.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            client.close();
        }
    }

    /** Whether bytes from the client should still be acted on. */
    boolean acceptsClientInput() {
        return state != SessionState.TERMINATING && state != SessionState.CLOSED;
    }

    private void closeUpstream(DisconnectReason reason, SessionState before) {
        if (upstream == null) {
            return;
        }
        if (keepServerConnection && reason == DisconnectReason.CLIENT_TERMINATE && upstream.isActive()) {
            Channel kept = upstream;
            upstream = null; // its close no longer concerns this session
            if (kept.pipeline().get("relay") != null) {
                kept.pipeline().remove("relay");
            }
            context.registry().keptConnections().keep(new KeptConnections.Kept(kept, keepKey, loginRole(),
                    backendPid, backendKey, serverParameters));
            return;
        }
        if (reason.cancelsRunningQuery() && before == SessionState.ACTIVE && backendKey != null) {
            context.cancels().forwardQuietly(client.eventLoop(), backendPid, backendKey);
        }
        if (upstream.isActive() && before.isRelaying() && before != SessionState.ACTIVE) {
            upstream.writeAndFlush(FrontendMessages.terminate(upstream.alloc()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            upstream.close();
        }
    }

    /** The proxy may only speak between server messages, and not right after the server said why it ends. */
    private boolean mayInjectToClient() {
        return toClientRelay == null || toClientRelay.clientMayHearProxy();
    }

    private void onUpstreamClosed(Channel channel) {
        if (channel != upstream) {
            return; // an abandoned connection
        }
        SessionState s = state;
        if (clientSentTerminate) {
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
        if (state != SessionState.TERMINATING && state != SessionState.CLOSED) {
            terminate(clientSentTerminate ? DisconnectReason.CLIENT_TERMINATE : DisconnectReason.CLIENT_CLOSED, null);
        }
        if (upstream != null) {
            upstream.close();
        }
        ended = Instant.now();
        transition(SessionState.CLOSED);
        context.registry().sessionClosed(this);
        if (admitted) {
            context.audit().ended(this);
        } else if (endReason == DisconnectReason.LOGIN_THROTTLED) {
            // audited once per burst, by the authenticator: a flood must not flood the audit chain
        } else if (startup != null || outcomeSqlState() != null) {
            context.audit().refused(this);
        }
    }

    @Override
    public String toString() {
        StartupMessage s = startup;
        return "session " + id + (s == null ? "" : " (" + s.user() + "@" + s.database() + ")");
    }
}
