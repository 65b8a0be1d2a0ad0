package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.rolegate.engine.config.LimitsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.protocol.BackendMessages;
import io.rolegate.engine.protocol.ProtocolViolation;
import io.rolegate.engine.protocol.ProxyHeaderSignature;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.protocol.StartupPacket;
import io.rolegate.engine.protocol.StartupPacket.StartupMessage;
import io.rolegate.engine.protocol.StartupPacketDecoder;

import java.util.List;

/**
 * The client's side of startup: SSLRequest, GSSENCRequest, CancelRequest or StartupMessage, each a
 * length-prefixed packet capped at {@code limits.maxStartupPacket}. Checks what can be refused before any
 * upstream work, then hands the session to the {@link Authenticator} and removes itself.
 */
final class FrontendStartup extends ByteToMessageDecoder {
    private static final ByteBuf ANSWER_YES = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[]{'S'}));
    private static final ByteBuf ANSWER_NO = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[]{'N'}));

    private final Session session;
    private final LimitsConfig limits;

    FrontendStartup(Session session) {
        this.session = session;
        this.limits = session.context().limits();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (session.state() != SessionState.STARTUP || !ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes()); // refused or cancelled: nothing more is read
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < StartupCodes.MIN_PACKET || length > limits.maxStartupPacket()) {
            if (ProxyHeaderSignature.match(in) != ProxyHeaderSignature.Match.NO) {
                in.skipBytes(in.readableBytes());
                ProxyHeaderReader.refuse(session, "a PROXY protocol header from " + session.addresses().peer()
                        + ", which is not a trusted load balancer (listen.proxyProtocol.trustedProxies): a client"
                        + " may not name its own address");
                return;
            }
            throw new ProtocolViolation("invalid startup packet length " + length + " (the limit is "
                    + limits.maxStartupPacket() + " bytes)");
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(4);
        StartupPacket packet = StartupPacketDecoder.decode(in.readSlice(length - 4));
        if (packet instanceof StartupPacket.SslRequest) {
            sslRequest(ctx, in);
        } else if (packet instanceof StartupPacket.GssEncRequest) {
            ctx.writeAndFlush(ANSWER_NO.duplicate()); // then the client goes on with SSLRequest or StartupMessage
        } else if (packet instanceof StartupPacket.CancelRequest cancel) {
            cancelRequest(ctx, cancel);
        } else {
            startupMessage(ctx, (StartupMessage) packet);
        }
    }

    private boolean encrypted(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    private void sslRequest(ChannelHandlerContext ctx, ByteBuf in) {
        if (encrypted(ctx)) {
            throw new ProtocolViolation("SSLRequest on a connection that is already encrypted");
        }
        if (session.context().clientTls() == null) {
            ctx.writeAndFlush(ANSWER_NO.duplicate());
            return;
        }
        if (in.isReadable()) {
            // Plaintext sent before the handshake would be taken as if it came encrypted (CVE-2021-23214).
            throw new ProtocolViolation("unencrypted bytes received after SSLRequest, before the TLS handshake");
        }
        ctx.writeAndFlush(ANSWER_YES.duplicate());
        SslHandler ssl = session.context().newClientTlsHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", ssl);
        ClientTls.watchHandshake(session, ssl, false);
    }

    private void cancelRequest(ChannelHandlerContext ctx, StartupPacket.CancelRequest cancel) {
        SessionRegistry registry = session.context().registry();
        Session target = registry.findByCancelKey(cancel.processId(), cancel.secretKey());
        if (target == null) {
            RemoteCancels issuer = registry.remoteCancels(cancel.processId());
            if (issuer == null) {
                ctx.close();
                return;
            }
            // another node's key: that node checks it and cancels; the socket stays open until it answered
            issuer.forward(cancel.processId(), cancel.secretKey(), session.clientAddress())
                    .whenComplete((done, failure) -> ctx.close());
            return;
        }
        // Keep the client's socket open until the real cancel is on its way, as the server would.
        session.context().cancels().cancelRunningQuery(target).addListener(f -> ctx.close());
    }

    private void startupMessage(ChannelHandlerContext ctx, StartupMessage startup) {
        session.startupRead(startup);
        session.context().registry().sessionStartupRead(session);
        if (refusal(ctx, startup) != null) {
            return;
        }
        if (startup.minorVersion() > 0 || !startup.protocolOptions().isEmpty()) {
            // Newer minor versions and _pq_ options are negotiated down, not refused (libpq 18 asks for 3.2).
            ctx.write(BackendMessages.negotiateProtocolVersion(ctx.alloc(), 0, startup.protocolOptions()));
        }
        session.context().authenticator().begin(session, startup, ctx);
        ctx.pipeline().remove(this);
    }

    /** Refuses what must be refused before any upstream or directory work; returns null when all is well. */
    private String refusal(ChannelHandlerContext ctx, StartupMessage startup) {
        var registry = session.context().registry();
        if (registry.openConnections() > limits.maxClientConnections()) {
            return refuse(DisconnectReason.TOO_MANY_CONNECTIONS, "rolegate: too many client connections (the limit"
                    + " is " + limits.maxClientConnections() + "); try again later");
        }
        if (session.context().config().listen().tls().mode() == ListenTlsMode.REQUIRED && !encrypted(ctx)) {
            return refuse(DisconnectReason.TLS_REQUIRED,
                    "rolegate: this proxy requires TLS; connect with sslmode=require (or verify-full)");
        }
        if (startup.user() == null || startup.user().isEmpty()) {
            return refuse(DisconnectReason.REJECTED, "rolegate: no PostgreSQL user name specified in startup packet");
        }
        if (startup.isReplication()) {
            return refuse(DisconnectReason.NOT_SUPPORTED,
                    "rolegate: replication connections are not supported through the proxy");
        }
        return null;
    }

    private String refuse(DisconnectReason reason, String message) {
        session.terminate(reason, message);
        return message;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Failures.client(session, cause);
    }
}
