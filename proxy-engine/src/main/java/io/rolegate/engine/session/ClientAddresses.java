package io.rolegate.engine.session;

import io.netty.channel.Channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where a session's client is: the socket's peer, or — behind a trusted load balancer — the client its PROXY header
 * named. Source policies, per-source limits and throttling, audit, metrics and the sessions view all read the client
 * from here. The header is read on the event loop; other threads read the volatile field.
 */
final class ClientAddresses {
    private final Channel channel;
    /** The client a trusted load balancer named in its PROXY header; null: the socket's peer is the client. */
    private volatile InetSocketAddress proxied;

    ClientAddresses(Channel channel) {
        this.channel = channel;
    }

    /** The PROXY header of a trusted load balancer named the real client: from now on it is the source. */
    void proxied(InetSocketAddress realClient) {
        this.proxied = realClient;
    }

    /** "host:port" of the client (no leading slash), or what the transport says when it is not an IP socket. */
    String client() {
        InetSocketAddress a = clientSocket();
        return a == null ? String.valueOf(channel.remoteAddress()) : a.getHostString() + ":" + a.getPort();
    }

    /** "host:port" of the socket's peer: the client, or the load balancer that relays it. */
    String peer() {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort()
                : String.valueOf(channel.remoteAddress());
    }

    /** The load balancer's "host:port" when a PROXY header named the client; null for a direct connection. */
    String balancer() {
        return proxied == null ? null : peer();
    }

    private InetSocketAddress clientSocket() {
        InetSocketAddress p = proxied;
        if (p != null) {
            return p;
        }
        return channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null ? a : null;
    }

    /**
     * The client's IP address. Should the transport not say, 0.0.0.0 stands for "unknown", which only an allow-list
     * of everywhere admits: an unknown source is refused, not waved through.
     */
    InetAddress ip() {
        InetSocketAddress a = clientSocket();
        if (a != null) {
            return a.getAddress();
        }
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /**
     * Whether a password would cross only the loopback interface: the peer is loopback, and so is the client a load
     * balancer on this machine relays (its header names where the client connected from).
     */
    boolean loopbackAllTheWay() {
        InetSocketAddress p = proxied;
        return channel.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null
                && peer.getAddress().isLoopbackAddress() && (p == null || p.getAddress().isLoopbackAddress());
    }
}
