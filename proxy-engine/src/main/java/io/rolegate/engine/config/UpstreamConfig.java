package io.rolegate.engine.config;

import java.nio.file.Path;

/** The PostgreSQL server behind the proxy. {@code rootCert} is the CA bundle (PEM) used by {@code verify-full}. */
public record UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert) {
    public static UpstreamConfig defaults() {
        return new UpstreamConfig("localhost", 5432, UpstreamTlsMode.PREFER, null);
    }

    public UpstreamConfig withAddress(String h, int p) { return new UpstreamConfig(h, p, tls, rootCert); }
    public UpstreamConfig withTls(UpstreamTlsMode t, Path root) { return new UpstreamConfig(host, port, t, root); }
}
