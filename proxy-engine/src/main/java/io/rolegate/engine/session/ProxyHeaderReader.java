package io.rolegate.engine.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Takes the PROXY header a trusted load balancer sent (decoded by Netty's {@code HAProxyMessageDecoder}) and makes
 * the client it names the session's source: source policies, per-source limits and throttling, audit, metrics and
 * the sessions view all see that address from here on. Removes itself after the one header.
 *
 * <ul>
 *   <li>PROXY over TCP (v1 TCP4/TCP6, v2 TCP over IPv4/IPv6): the client's address; it takes its pending slot now.</li>
 *   <li>LOCAL (the balancer's own health check): closed quietly.</li>
 *   <li>UNKNOWN, UDP, a Unix socket: refused — without the client's address no source rule can be judged, and
 *       taking the balancer's address instead would let every client through a rule that admits the balancer.</li>
 *   <li>A malformed or oversized header: the decoder has already closed the connection; logged here.</li>
 * </ul>
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderReader.class);

    private final Session session;

    ProxyHeaderReader(Session session) {
        this.session = session;
    }

    /** Ends a connection over its PROXY header: counted, logged (throttled), and the client told 08P01. */
    static void refuse(Session session, String why) {
        session.context().registry().pendingConnections().refusedProxyHeader(why);
        session.terminate(DisconnectReason.PROTOCOL_VIOLATION, "rolegate: " + why);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg); // bytes after the header, should they come before this handler is gone
            return;
        }
        try {
            ctx.pipeline().remove(this);
            if (session.acceptsClientInput()) {
                read(header);
            }
        } finally {
            header.release();
        }
    }

    private void read(HAProxyMessage header) {
        if (header.command() == HAProxyCommand.LOCAL) {
            log.debug("{}: PROXY header with the LOCAL command from {} (a health check): closing", session,
                    session.addresses().peer());
            session.terminate(DisconnectReason.CLIENT_CLOSED, null);
            return;
        }
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        if (protocol != HAProxyProxiedProtocol.TCP4 && protocol != HAProxyProxiedProtocol.TCP6) {
            refuse(session, "the PROXY protocol header from the load balancer at " + session.addresses().peer()
                    + " names no TCP client address (" + protocol + "), and source rules need one");
            return;
        }
        InetAddress client = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress()); // no DNS
        if (client == null) {
            refuse(session, "the PROXY protocol header from the load balancer at " + session.addresses().peer()
                    + " names an unreadable client address");
            return;
        }
        session.addresses().proxied(new InetSocketAddress(client, header.sourcePort()));
        FrontendInitializer.takePendingSlot(session, client);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException) {
            // the decoder closed the connection already, as the specification asks: no last word to the client
            session.context().registry().pendingConnections().refusedProxyHeader("a malformed PROXY protocol header"
                    + " from the load balancer at " + session.addresses().peer() + ": " + cause.getMessage());
            session.terminate(DisconnectReason.PROTOCOL_VIOLATION, null);
        } else {
            Failures.client(session, cause);
        }
    }
}
