package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.rolegate.engine.protocol.ProxyHeaderSignature;

import java.util.List;

/**
 * First handler on a connection from a trusted load balancer: lets the bytes on to the PROXY header decoder only
 * once they begin with a PROXY signature, and removes itself. Anything else — a startup packet, a TLS ClientHello,
 * a balancer without {@code send-proxy-v2} — is refused at its first wrong byte, not read as a header (Netty's
 * decoder would wait for 13 bytes an 8-byte SSLRequest never sends, until the startup timeout).
 */
final class ProxyHeaderGate extends ByteToMessageDecoder {
    private final Session session;

    ProxyHeaderGate(Session session) {
        this.session = session;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!session.acceptsClientInput()) {
            in.skipBytes(in.readableBytes()); // refused: nothing more is read
            return;
        }
        switch (ProxyHeaderSignature.match(in)) {
            case SO_FAR -> {
            }
            case WHOLE -> ctx.pipeline().remove(this); // the decoder gets the buffered bytes
            case NO -> {
                in.skipBytes(in.readableBytes());
                ProxyHeaderReader.refuse(session, "the load balancer at " + session.addresses().peer()
                        + " sent no PROXY protocol header (listen.proxyProtocol.trustedProxies names it: configure it"
                        + " with send-proxy-v2, or remove it from the list)");
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Failures.client(session, cause);
    }
}
