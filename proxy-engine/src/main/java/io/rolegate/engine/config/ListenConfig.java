package io.rolegate.engine.config;

/**
 * Where clients connect. {@code allowCleartextOnLoopback} lets directory auth ask for a password over plain TCP
 * when the client is on the loopback interface (an explicit opt-in; off by default).
 */
public record ListenConfig(String host, int port, ListenTlsConfig tls, boolean allowCleartextOnLoopback) {
    public static ListenConfig defaults() {
        return new ListenConfig("127.0.0.1", 6432, ListenTlsConfig.defaults(), false);
    }

    public ListenConfig withPort(int p) { return new ListenConfig(host, p, tls, allowCleartextOnLoopback); }
    public ListenConfig withTls(ListenTlsConfig t) { return new ListenConfig(host, port, t, allowCleartextOnLoopback); }
}
