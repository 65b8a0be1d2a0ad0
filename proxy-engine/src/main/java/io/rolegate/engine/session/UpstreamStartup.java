package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rolegate.engine.protocol.AuthenticationMessages;
import io.rolegate.engine.protocol.AuthenticationRequest;
import io.rolegate.engine.protocol.BackendKeyData;
import io.rolegate.engine.protocol.BackendMessage;
import io.rolegate.engine.protocol.BackendMessages;
import io.rolegate.engine.protocol.ErrorFields;
import io.rolegate.engine.protocol.FrontendMessages;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.protocol.ProtocolViolation;
import io.rolegate.engine.protocol.TypedMessage;
import io.rolegate.engine.protocol.TransactionStatus;
import io.rolegate.engine.protocol.TypedMessageDecoder;
import io.rolegate.engine.telemetry.Direction;

import java.util.Map;

/**
 * Reads the server's side of startup as whole messages — all small — and forwards them to the client, changing
 * two: AuthenticationSASL loses SCRAM-SHA-256-PLUS, and BackendKeyData carries a proxy-issued key (the real one
 * stays here, so a CancelRequest must come through the proxy). At ReadyForQuery it steps aside for the byte relay.
 */
final class UpstreamStartup extends ChannelInboundHandlerAdapter {
    /** Startup messages are small; a server message bigger than this before ReadyForQuery is not PostgreSQL. */
    private static final int MAX_STARTUP_MESSAGE = 1 << 20;
    private static final String CANNOT_CONNECT_NOW = "57P03";

    private final Session session;
    private final ManagedScram managed;
    /** The walk through the upstream hosts this connection is part of; null on a connection made elsewhere. */
    private final UpstreamAttempt attempt;
    private java.util.ArrayDeque<TypedMessage> held;
    private boolean unproven;
    /** The client answered an authentication request of this server (passthrough): no other server can be tried. */
    private boolean authenticationShown;
    /** While the server says what it is (after AuthenticationOk, until ReadyForQuery): its messages wait here. */
    private ServerReport checking;

    private UpstreamStartup(Session session, ManagedScram managed, UpstreamAttempt attempt) {
        this.session = session;
        this.managed = managed;
        this.attempt = attempt;
    }

    /**
     * Continues on a kept server connection instead of a new one: once the login's audit record is durable, the
     * client is shown the start-up the server gave the connection's first session (AuthenticationOk, the
     * parameters as they stand after the reset, a cancel key of the proxy's, ReadyForQuery), and the relay starts.
     *
     * @param audited writes the login's records (the decision's with the admission: one commit) and completes once
     *                they are durable; called once the connection is attached, so the admission names its pid
     */
    static void resume(Session session, KeptConnections.Kept kept,
                       java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> audited) {
        Channel client = session.client();
        Channel upstream = kept.channel;
        session.transition(SessionState.CONNECTING);
        if (!session.server().attach(upstream, kept.host)) {
            ConnectionReset.close(upstream); // the client left meanwhile
            return;
        }
        session.transition(SessionState.AUTHENTICATING);
        session.server().reusing(kept);
        int issued = session.server().issueCancelKey(kept.pid, kept.cancelKey);
        audited.get().whenComplete((r, failure) -> client.eventLoop().execute(() -> {
            if (failure != null) {
                refuseUnaudited(session, failure); // closes the kept connection too: it serves nobody now
                return;
            }
            if (!client.isActive() || session.state() != SessionState.AUTHENTICATING) {
                return; // ended meanwhile; terminate() closed the server connection
            }
            session.outcome().admit();
            client.write(BackendMessages.authenticationOk(client.alloc()));
            kept.parameters.forEach((name, value) ->
                    client.write(BackendMessages.parameterStatus(client.alloc(), name, value)));
            client.write(BackendMessages.backendKeyData(client.alloc(), session.server().issuedPid(), issued));
            client.write(BackendMessages.readyForQuery(client.alloc(), TransactionStatus.IDLE));
            session.relays().install(upstream);
            session.ready();
            session.relays().flushQueued(upstream);
            upstream.flush();
            client.flush();
            client.config().setAutoRead(true);
        }));
    }

    /**
     * With {@code managed} null the client answers the server's authentication requests (passthrough); set, the
     * proxy answers them itself and the client sees only AuthenticationOk.
     */
    static void install(Session session, Channel upstream, ManagedScram managed, UpstreamAttempt attempt) {
        upstream.pipeline().addLast("messages", new TypedMessageDecoder(MAX_STARTUP_MESSAGE));
        upstream.pipeline().addLast("startup", new UpstreamStartup(session, managed, attempt));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        TypedMessage m = (TypedMessage) msg;
        if (unproven) {
            m.release(); // what an unproven server sends after its AuthenticationOk is never shown to the client
            return;
        }
        if (held != null) {
            held.add(m); // behind an AuthenticationOk waiting for its audit record
            return;
        }
        if (checking != null) {
            serverSays(ctx, m);
            return;
        }
        Channel client = session.client();
        session.counters().message(Direction.OUT, m.type());
        session.counters().bytes(Direction.OUT, 5L + m.body().readableBytes());
        try {
            BackendMessage type = BackendMessage.find(m.type());
            if (type == null) {
                client.write(m.toWire(client.alloc())); // not ours to judge: the client will
                return;
            }
            switch (type) {
                case AUTHENTICATION -> authenticationRequest(ctx, m);
                case BACKEND_KEY_DATA -> client.write(backendKeyData(m));
                case ERROR_RESPONSE -> {
                    ByteBuf error = errorResponse(m);
                    if (error != null) {
                        client.write(error);
                    }
                }
                case READY_FOR_QUERY -> {
                    client.write(m.toWire(client.alloc()));
                    startRelay(ctx);
                }
                case PARAMETER_STATUS -> {
                    session.server().serverParameter(m.body());
                    client.write(m.toWire(client.alloc()));
                }
                default -> client.write(m.toWire(client.alloc()));
            }
        } finally {
            m.release();
        }
    }

    private void authenticationRequest(ChannelHandlerContext ctx, TypedMessage m) {
        int code = AuthenticationMessages.code(m.body());
        boolean ok = code == AuthenticationRequest.OK.code();
        if (ok && managed != null && !managed.serverVerified()) {
            unprovenServer();
        } else if (ok && attempt != null && attempt.checksServer()) {
            m.retain();
            checking = new ServerReport(m);
        } else if (ok) {
            holdUntilAudited(ctx, m, new java.util.ArrayDeque<>());
        } else if (managed != null) {
            answerAsManagedRole(code, m);
        } else {
            authenticationShown = true;
            session.client().write(authentication(m));
        }
    }

    /**
     * Between AuthenticationOk and ReadyForQuery the server reports {@code in_hot_standby} and
     * {@code default_transaction_read_only}; at ReadyForQuery the session takes the server, or passes it over for
     * the next host. Nothing reaches the client before that, so a server passed over leaves no trace with it.
     */
    private void serverSays(ChannelHandlerContext ctx, TypedMessage m) {
        ServerReport report = checking;
        report.add(m);
        if (m.type() != BackendMessage.READY_FOR_QUERY.code() && m.type() != BackendMessage.ERROR_RESPONSE.code()) {
            return;
        }
        checking = null;
        // an error after AuthenticationOk (the database does not exist, ...) is the client's to read, as without hosts
        if (m.type() == BackendMessage.ERROR_RESPONSE.code()
                || attempt.fits(report.inHotStandby(), report.defaultReadOnly())) {
            TypedMessage ok = report.authenticationOk();
            holdUntilAudited(ctx, ok, report.messages());
            ok.release();
        } else {
            report.release();
            attempt.passOver("is " + report.describe(), authenticationShown);
        }
    }

    /**
     * AuthenticationOk reaches the client only after the audit record of the login is durable; until then the
     * server's next messages wait here, in order.
     */
    private void holdUntilAudited(ChannelHandlerContext ctx, TypedMessage ok,
                                  java.util.ArrayDeque<TypedMessage> already) {
        held = already;
        ByteBuf okWire = ok.toWire(session.client().alloc());
        ctx.channel().config().setAutoRead(false);
        session.context().audit().admitted(session).whenComplete((r, failure) -> {
            try {
                ctx.executor().execute(() -> audited(ctx, okWire, failure));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                okWire.release(); // the engine stopped while the record was being written
            }
        });
    }

    private void audited(ChannelHandlerContext ctx, ByteBuf okWire, Throwable failure) {
        if (ctx.isRemoved()) {
            okWire.release(); // the session ended (startup timeout, client gone) while the record was written
            return;
        }
        if (failure != null) {
            okWire.release();
            releaseHeld();
            refuseUnaudited(session, failure);
            return;
        }
        session.outcome().admit();
        session.client().write(okWire);
        java.util.ArrayDeque<TypedMessage> queue = held;
        held = null;
        while (!queue.isEmpty() && ctx.pipeline().get(UpstreamStartup.class) == this) {
            channelRead(ctx, queue.poll());
        }
        for (TypedMessage after : queue) { // past ReadyForQuery: plain relay from here on
            session.client().write(after.toWire(session.client().alloc()));
            after.release();
        }
        session.client().flush();
        ctx.channel().config().setAutoRead(true);
    }

    /** The login's records could not be made durable: refused with what the store said (53100, 58000). */
    private static void refuseUnaudited(Session session, Throwable failure) {
        Throwable why = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : failure;
        if (why instanceof AuditUnavailableException refused) {
            session.refuse(DisconnectReason.AUDIT_UNAVAILABLE, refused.sqlState(), refused.getMessage());
        } else {
            session.terminate(DisconnectReason.INTERNAL_ERROR,
                    "rolegate: the audit log cannot record this login, so it is refused");
        }
    }

    private void releaseHeld() {
        if (held != null) {
            held.forEach(TypedMessage::release);
            held = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
        if (checking != null) {
            checking.release();
            checking = null;
        }
    }

    private void answerAsManagedRole(int code, TypedMessage m) {
        try {
            managed.answer(code, m.body(), session.server().channel(), this::managedLoginFailed);
        } catch (ProtocolViolation | io.rolegate.engine.auth.ScramClient.ScramException e) {
            managedLoginFailed(e);
        }
    }

    /**
     * AuthenticationOk for a managed login before the server proved it knows the role's password (the SCRAM
     * server signature): whoever answered on the upstream address could send it and then see the session's
     * queries. Refused, whatever follows.
     */
    private void unprovenServer() {
        unproven = true;
        session.terminate(DisconnectReason.UPSTREAM_UNREACHABLE, "rolegate: the upstream server at "
                + session.server().host() + " accepted the managed role \""
                + session.identity().loginRole() + "\" without proving it knows the role's password (no SCRAM server"
                + " signature); refusing it: it may not be the configured PostgreSQL server");
    }

    private void managedLoginFailed(RuntimeException e) {
        session.terminate(DisconnectReason.UPSTREAM_UNREACHABLE, "rolegate: " + e.getMessage());
    }

    private ByteBuf authentication(TypedMessage m) {
        ByteBuf body = m.body();
        if (AuthenticationMessages.request(body) == AuthenticationRequest.SASL) {
            return AuthenticationMessages.withoutChannelBinding(session.client().alloc(), body);
        }
        return m.toWire(session.client().alloc());
    }

    /**
     * The server's ErrorResponse as the client should see it, or null when the proxy handles it itself.
     *
     * <p>With TLS on both hops, libpq and pgjdbc tell the server "I support channel binding, but you don't offer it"
     * (gs2 flag 'y'), and a TLS server must then refuse (RFC 5802). The flag is inside the signed SCRAM exchange, so
     * the proxy cannot change it: it replaces the server's terse refusal with what the DBA can do about it.
     */
    private ByteBuf errorResponse(TypedMessage m) {
        ErrorFields error = ErrorFields.parse(m.body());
        if (attempt != null && !session.outcome().admitted() && CANNOT_CONNECT_NOW.equals(error.sqlState())) {
            attempt.passOver("cannot take connections now (" + error.message() + ")", authenticationShown);
            return null; // starting up, shutting down, in recovery without hot standby: try the next host
        }
        if (attempt != null && managed != null && !session.outcome().admitted()
                && SqlState.INVALID_PASSWORD.equals(error.sqlState()) && attempt.hasMoreHosts()) {
            // The proxy answered with the role's password, which it set on the primary: a standby that has not
            // replayed the role (or its new password) yet refuses it. Another host may well take it; only when the
            // last host refuses is the password set again.
            attempt.passOver("refused the managed role (a standby may not have replayed it yet)", false);
            return null;
        }
        if (!session.outcome().admitted()) {
            session.outcome().refused(error.sqlState(), error.message());
        }
        if (managed != null && !session.outcome().admitted() && SqlState.INVALID_PASSWORD.equals(error.sqlState())
                && managed.retryAfterRejectedPassword()) {
            return null; // the managed role's password is being set again; a new login follows
        }
        if (managed != null && !session.outcome().admitted()) {
            // The user's directory password was right; the server refused the proxy's managed login. Say so,
            // rather than relaying a "password authentication failed" that would send the user the wrong way.
            String message = "rolegate: the upstream server refused the managed role \""
                    + session.identity().loginRole() + "\": " + error.message();
            session.outcome().refused(SqlState.CONNECTION_FAILURE, message);
            return BackendMessages.fatal(session.client().alloc(), SqlState.CONNECTION_FAILURE, message,
                    "An administrator may have changed or dropped the role; check pg_hba.conf allows scram-sha-256.");
        }
        if (error.message().contains("channel binding negotiation")) {
            return BackendMessages.error(session.client().alloc(), "FATAL", error.sqlState(),
                    "rolegate: SCRAM passthrough cannot carry channel binding across the proxy's two TLS hops"
                            + " (server said: " + error.message() + ")",
                    null, "Connect with channel_binding=disable (pgjdbc: channelBinding=disable), set upstream.tls"
                            + " to disable, or use auth.mode: directory.");
        }
        return m.toWire(session.client().alloc());
    }

    private ByteBuf backendKeyData(TypedMessage m) {
        BackendKeyData real = BackendKeyData.decode(m.body());
        int issued = session.server().issueCancelKey(real.processId(), real.secretKey());
        return BackendMessages.backendKeyData(session.client().alloc(), session.server().issuedPid(), issued);
    }

    /** Swaps the message decoder for the byte relay; bytes already read past ReadyForQuery flow on to it. */
    private void startRelay(ChannelHandlerContext ctx) {
        session.relays().install(ctx.channel());
        ctx.pipeline().remove(this);
        ctx.pipeline().remove("messages");
        session.ready();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.client().flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Failures.upstream(session, cause);
    }
}
