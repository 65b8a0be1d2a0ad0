package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.protocol.ParameterStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session's connection to its PostgreSQL server: the channel, the backend's pid and real cancel key (the client
 * holds a key the proxy issued), what the server reported at start-up, where the connection came from, and what
 * becomes of it when the session ends. Confined to the session's event loop, except the pid and the origin, which
 * snapshots and the audit read.
 */
final class ServerLink {
    /** Where the server connection came from. */
    enum Origin {
        /** A backend started for this session. */
        NEW_BACKEND,
        /** A connection an earlier session of the same user left ({@link KeptConnections}). */
        KEPT
    }

    /** What becomes of the server connection when the session ends. */
    enum Fate {
        /** Closed with the session. */
        CLOSE,
        /** Kept for the user's next login if the client says goodbye cleanly; start-up parameters are recorded. */
        KEEPABLE,
        /** The client said goodbye between transactions: its Terminate stays in the proxy, the connection is kept. */
        KEEP
    }

    private final Session session;
    private Channel channel;
    private volatile io.rolegate.engine.config.UpstreamHost host;
    private volatile int backendPid;
    /** The proxy's port of the server connection: how pg_stat_activity names its backend before BackendKeyData. */
    private volatile int localPort;
    private byte[] realCancelKey;
    private int issuedCancelKey;
    /** The process id the client was given: the backend's, with the node's number above it in a fleet. */
    private volatile int issuedPid;
    private volatile Origin origin = Origin.NEW_BACKEND;
    private Fate fate = Fate.CLOSE;
    /** The pool's key for this connection (managed role and start-up parameters); set when it may be kept. */
    private String keepKey;
    private Map<String, String> parameters;

    ServerLink(Session session) {
        this.session = session;
    }

    /** Null before the connection exists, after it was abandoned, and once it went to the pool. */
    Channel channel() {
        return channel;
    }

    /** Attaches the server connection to {@code server}; false when the client left while it was connecting. */
    boolean attach(Channel ch, io.rolegate.engine.config.UpstreamHost server) {
        if (session.state().isEnding()) {
            return false;
        }
        channel = ch;
        host = server;
        localPort = ch.localAddress() instanceof java.net.InetSocketAddress a ? a.getPort() : 0;
        ch.closeFuture().addListener(f -> session.relays().afterServerWord(() -> session.serverClosed(ch)));
        return true;
    }

    /** Drops the connection without ending the session, to log in again on a new one. */
    void abandon() {
        Channel old = channel;
        channel = null;
        if (old != null) {
            old.close();
        }
    }

    /** The upstream host the connection goes to (where a CancelRequest for it must go too); null before. */
    io.rolegate.engine.config.UpstreamHost host() {
        return host;
    }

    int backendPid() {
        return backendPid;
    }

    byte[] realCancelKey() {
        return realCancelKey;
    }

    int issuedCancelKey() {
        return issuedCancelKey;
    }

    /** The process id of the client's BackendKeyData (see {@link SessionRegistry#issuedPid}); 0 before. */
    int issuedPid() {
        return issuedPid;
    }

    /** Records the server's real cancel key and returns the key the client is given instead. */
    int issueCancelKey(int pid, byte[] realKey) {
        backendPid = pid;
        realCancelKey = realKey.clone();
        issuedCancelKey = session.context().registry().newCancelSecret();
        issuedPid = session.context().registry().issuedPid(pid);
        session.context().registry().registerCancelKey(session);
        return issuedCancelKey;
    }

    Origin origin() {
        return origin;
    }

    /** The proxy's port of the server connection (pg_stat_activity's client_port); 0 when none. */
    int localPort() {
        return channel == null ? 0 : localPort;
    }

    /**
     * The connection may be kept for the next login with {@code key} (same managed role, same start-up parameters);
     * the ParameterStatus values the server reports at start-up are recorded from now on.
     */
    void keepableAs(String key) {
        keepKey = key;
        parameters = new LinkedHashMap<>();
        fate = Fate.KEEPABLE;
    }

    /** A ParameterStatus body the server sent during start-up: recorded only when the connection may be kept. */
    void serverParameter(ByteBuf body) {
        if (parameters != null) {
            ParameterStatus reported = ParameterStatus.parse(body);
            parameters.put(reported.name(), reported.value());
        }
    }

    /** This session was given a kept connection instead of a new backend. */
    void reusing(KeptConnections.Kept kept) {
        origin = Origin.KEPT;
        parameters = new LinkedHashMap<>(kept.parameters);
    }

    /** The client sent Terminate; {@code clean}: between transactions, nothing in flight either way. */
    void clientSaidGoodbye(boolean clean) {
        if (fate != Fate.CLOSE) {
            fate = clean && channel != null && channel.isActive() && realCancelKey != null ? Fate.KEEP : Fate.KEEPABLE;
        }
    }

    /** True while the client's Terminate is to stay in the proxy: the connection will be kept. */
    boolean keeping() {
        return fate == Fate.KEEP;
    }

    /** The client went on talking after its Terminate: the connection is not kept after all. */
    void dontKeep() {
        if (fate == Fate.KEEP) {
            fate = Fate.KEEPABLE;
        }
    }

    /**
     * The session ends: hands a connection the client left cleanly to the pool; otherwise cancels a query the client
     * no longer wants and closes, saying Terminate when the server is between transactions.
     */
    void end(DisconnectReason reason, SessionState before) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        if (fate == Fate.KEEP && reason == DisconnectReason.CLIENT_TERMINATE && ch.isActive()) {
            channel = null; // its close no longer concerns this session
            session.relays().removeFrom(ch);
            session.context().registry().keptConnections().keep(new KeptConnections.Kept(ch, host, keepKey,
                    session.identity().loginRole(), backendPid, realCancelKey, parameters));
            return;
        }
        if (reason.cancelsRunningQuery() && before == SessionState.ACTIVE && realCancelKey != null) {
            session.context().cancels().forwardQuietly(session.client().eventLoop(), host, backendPid, realCancelKey);
        }
        if (ch.isActive() && before.isRelaying() && before != SessionState.ACTIVE) {
            ch.writeAndFlush(FrontendMessages.terminate(ch.alloc())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
