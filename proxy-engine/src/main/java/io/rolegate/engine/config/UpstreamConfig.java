package io.rolegate.engine.config;

import java.nio.file.Path;

/**
 * The PostgreSQL server behind the proxy. {@code rootCert} is the CA bundle (PEM) used by {@code verify-full};
 * {@code admin} is the provisioning connection (null when only passthrough is used).
 */
public record UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert, UpstreamAdminConfig admin) {

    public UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert) {
        this(host, port, tls, rootCert, null);
    }

    public static UpstreamConfig defaults() {
        return new UpstreamConfig("localhost", 5432, UpstreamTlsMode.PREFER, null);
    }

    public UpstreamConfig withAddress(String h, int p) {
        return new UpstreamConfig(h, p, tls, rootCert, admin);
    }

    public UpstreamConfig withTls(UpstreamTlsMode t, Path root) {
        return new UpstreamConfig(host, port, t, root, admin);
    }

    public UpstreamConfig withAdmin(UpstreamAdminConfig a) {
        return new UpstreamConfig(host, port, tls, rootCert, a);
    }
}
