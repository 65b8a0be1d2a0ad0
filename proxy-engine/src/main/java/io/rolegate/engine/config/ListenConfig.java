package io.rolegate.engine.config;

/**
 * Where clients connect. {@code allowCleartextOnLoopback} lets directory auth ask for a password over plain TCP
 * when the client is on the loopback interface (an explicit opt-in; off by default). {@code proxyProtocol}: the
 * load balancers that tell the real client's address in a PROXY protocol header (off by default).
 */
public record ListenConfig(String host, int port, ListenTlsConfig tls, boolean allowCleartextOnLoopback,
                           ProxyProtocolConfig proxyProtocol) {
    public ListenConfig {
        proxyProtocol = proxyProtocol == null ? ProxyProtocolConfig.off() : proxyProtocol;
    }

    public ListenConfig(String host, int port, ListenTlsConfig tls, boolean allowCleartextOnLoopback) {
        this(host, port, tls, allowCleartextOnLoopback, null);
    }

    public static ListenConfig defaults() {
        return new ListenConfig("127.0.0.1", 6432, ListenTlsConfig.defaults(), false);
    }

    public ListenConfig withPort(int p) {
        return new ListenConfig(host, p, tls, allowCleartextOnLoopback, proxyProtocol);
    }

    public ListenConfig withTls(ListenTlsConfig t) {
        return new ListenConfig(host, port, t, allowCleartextOnLoopback, proxyProtocol);
    }

    public ListenConfig withProxyProtocol(ProxyProtocolConfig p) {
        return new ListenConfig(host, port, tls, allowCleartextOnLoopback, p);
    }
}
