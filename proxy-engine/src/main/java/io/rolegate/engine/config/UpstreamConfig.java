package io.rolegate.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The PostgreSQL server behind the proxy. {@code rootCert} is the CA bundle (PEM) used by {@code verify-full};
 * {@code admin} is the provisioning connection (null when only passthrough is used); {@code keepIdle} how long a
 * directory user's server connection is kept after they disconnect, for their next login (zero: never), at most
 * {@code maxIdlePerUser} per user and event loop.
 */
public record UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert, UpstreamAdminConfig admin,
                             Duration keepIdle, int maxIdlePerUser) {
    public static final int DEFAULT_MAX_IDLE_PER_USER = 4;

    public UpstreamConfig {
        keepIdle = keepIdle == null ? Duration.ZERO : keepIdle;
        maxIdlePerUser = maxIdlePerUser <= 0 ? DEFAULT_MAX_IDLE_PER_USER : maxIdlePerUser;
    }

    public UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert, UpstreamAdminConfig admin) {
        this(host, port, tls, rootCert, admin, Duration.ZERO, DEFAULT_MAX_IDLE_PER_USER);
    }

    public UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert) {
        this(host, port, tls, rootCert, null);
    }

    public static UpstreamConfig defaults() {
        return new UpstreamConfig("localhost", 5432, UpstreamTlsMode.PREFER, null);
    }

    /** True when server connections are kept for reuse (directory authentication only). */
    public boolean keepsIdleConnections() {
        return !keepIdle.isZero();
    }

    public UpstreamConfig withAddress(String h, int p) {
        return new UpstreamConfig(h, p, tls, rootCert, admin, keepIdle, maxIdlePerUser);
    }

    public UpstreamConfig withTls(UpstreamTlsMode t, Path root) {
        return new UpstreamConfig(host, port, t, root, admin, keepIdle, maxIdlePerUser);
    }

    public UpstreamConfig withAdmin(UpstreamAdminConfig a) {
        return new UpstreamConfig(host, port, tls, rootCert, a, keepIdle, maxIdlePerUser);
    }

    public UpstreamConfig withKeepIdle(Duration keep, int maxPerUser) {
        return new UpstreamConfig(host, port, tls, rootCert, admin, keep, maxPerUser);
    }
}
