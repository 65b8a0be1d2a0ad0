package io.rolegate.engine.config;

import io.rolegate.engine.policy.Cidr;

import java.net.InetAddress;
import java.util.List;

/**
 * {@code listen.proxyProtocol:} the load balancers whose connections start with a PROXY protocol header (HAProxy's
 * {@code send-proxy-v2}, or v1 text) naming the real client. A connection from one of {@code trustedProxies} must
 * start with the header, and its client address is then the header's; a connection from anywhere else must not
 * carry one, so a client can never choose its own source address. Empty: off (no header is accepted from anyone).
 */
public record ProxyProtocolConfig(List<Cidr> trustedProxies) {
    public ProxyProtocolConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static ProxyProtocolConfig off() {
        return new ProxyProtocolConfig(List.of());
    }

    public boolean enabled() {
        return !trustedProxies.isEmpty();
    }

    /** Whether a connection from {@code peer} comes from a load balancer that must send the header. */
    public boolean trusts(InetAddress peer) {
        return trustedProxies.stream().anyMatch(c -> c.contains(peer));
    }
}
