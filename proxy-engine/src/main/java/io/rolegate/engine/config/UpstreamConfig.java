package io.rolegate.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The PostgreSQL servers behind the proxy. {@code hosts} are tried in order for each session until one fits
 * {@code targetSessionAttrs} (libpq's semantics); a single {@code upstream.host}/{@code port} is a one-host list.
 * {@code connectTimeout} bounds each host's TCP connect. {@code rootCert} is the CA bundle (PEM) used by
 * {@code verify-full}; {@code admin} is the provisioning connection (null when only passthrough is used);
 * {@code keepIdle} how long a directory user's server connection is kept after they disconnect, for their next
 * login (zero: never), at most {@code maxIdlePerUser} per user and event loop.
 */
public record UpstreamConfig(List<UpstreamHost> hosts, TargetSessionAttrs targetSessionAttrs, Duration connectTimeout,
                             UpstreamTlsMode tls, Path rootCert, UpstreamAdminConfig admin, Duration keepIdle,
                             int maxIdlePerUser) {
    public static final int DEFAULT_MAX_IDLE_PER_USER = 4;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public UpstreamConfig {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("upstream needs at least one host");
        }
        targetSessionAttrs = targetSessionAttrs == null ? TargetSessionAttrs.ANY : targetSessionAttrs;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        keepIdle = keepIdle == null ? Duration.ZERO : keepIdle;
        maxIdlePerUser = maxIdlePerUser <= 0 ? DEFAULT_MAX_IDLE_PER_USER : maxIdlePerUser;
    }

    public UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert, UpstreamAdminConfig admin,
                          Duration keepIdle, int maxIdlePerUser) {
        this(List.of(new UpstreamHost(host, port)), TargetSessionAttrs.ANY, DEFAULT_CONNECT_TIMEOUT, tls, rootCert,
                admin, keepIdle, maxIdlePerUser);
    }

    public UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert, UpstreamAdminConfig admin) {
        this(host, port, tls, rootCert, admin, Duration.ZERO, DEFAULT_MAX_IDLE_PER_USER);
    }

    public UpstreamConfig(String host, int port, UpstreamTlsMode tls, Path rootCert) {
        this(host, port, tls, rootCert, null);
    }

    public static UpstreamConfig defaults() {
        return new UpstreamConfig("localhost", UpstreamHost.DEFAULT_PORT, UpstreamTlsMode.PREFER, null);
    }

    /** The first host: the one server of a single-host configuration. */
    public String host() {
        return hosts.get(0).host();
    }

    /** The first host's port. */
    public int port() {
        return hosts.get(0).port();
    }

    /** "host:port" of every host, comma-separated, for logs and errors. */
    public String addresses() {
        return String.join(",", hosts.stream().map(UpstreamHost::toString).toList());
    }

    /** True when server connections are kept for reuse (directory authentication only). */
    public boolean keepsIdleConnections() {
        return !keepIdle.isZero();
    }

    /** One host instead of the list (the console's settings edit a single server). */
    public UpstreamConfig withAddress(String h, int p) {
        return withHosts(List.of(new UpstreamHost(h, p)), targetSessionAttrs);
    }

    public UpstreamConfig withHosts(List<UpstreamHost> list, TargetSessionAttrs target) {
        return new UpstreamConfig(list, target, connectTimeout, tls, rootCert, admin, keepIdle, maxIdlePerUser);
    }

    public UpstreamConfig withConnectTimeout(Duration timeout) {
        return new UpstreamConfig(hosts, targetSessionAttrs, timeout, tls, rootCert, admin, keepIdle, maxIdlePerUser);
    }

    public UpstreamConfig withTls(UpstreamTlsMode t, Path root) {
        return new UpstreamConfig(hosts, targetSessionAttrs, connectTimeout, t, root, admin, keepIdle, maxIdlePerUser);
    }

    public UpstreamConfig withAdmin(UpstreamAdminConfig a) {
        return new UpstreamConfig(hosts, targetSessionAttrs, connectTimeout, tls, rootCert, a, keepIdle,
                maxIdlePerUser);
    }

    public UpstreamConfig withKeepIdle(Duration keep, int maxPerUser) {
        return new UpstreamConfig(hosts, targetSessionAttrs, connectTimeout, tls, rootCert, admin, keep, maxPerUser);
    }
}
