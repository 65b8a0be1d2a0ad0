package io.rolegate.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code upstream:} the PostgreSQL servers behind the proxy. */
final class UpstreamBinder implements SectionBinder<UpstreamConfig> {

    @Override
    public String key() {
        return "upstream";
    }

    @Override
    public UpstreamConfig bind(SectionReader s) {
        UpstreamConfig d = UpstreamConfig.defaults();
        List<UpstreamHost> hosts = hosts(s, d);
        TargetSessionAttrs target = s.choice("targetSessionAttrs", TargetSessionAttrs.class, TargetSessionAttrs.ANY);
        Duration connectTimeout = s.duration("connectTimeout", UpstreamConfig.DEFAULT_CONNECT_TIMEOUT,
                Duration.ofMillis(100), Duration.ofMinutes(5));
        UpstreamTlsMode tls = s.choice("tls", UpstreamTlsMode.class, d.tls());
        Path rootCert = s.file("rootCert");
        if (tls == UpstreamTlsMode.DISABLE && !s.faulty("tls") && s.has("rootCert")) {
            s.problem("rootCert", "is never used with tls: disable; remove it or choose verify-full");
        }
        // PostgreSQL ends a connection that sends nothing for authentication_timeout, but a kept one has logged in:
        // the limit here is only against keeping server slots for hours by a typo.
        Duration keepIdle = s.duration("keepIdle", Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        int maxIdlePerUser = s.integer("maxIdlePerUser", UpstreamConfig.DEFAULT_MAX_IDLE_PER_USER, 1, 1_000);
        return new UpstreamConfig(hosts, target, connectTimeout, tls, rootCert, UpstreamAdminBinder.bind(s), keepIdle,
                maxIdlePerUser);
    }

    /** {@code hosts: [...]}, or the older {@code host}/{@code port} pair as a one-host list; never both. */
    private static List<UpstreamHost> hosts(SectionReader s, UpstreamConfig d) {
        if (!s.has("hosts")) {
            String host = s.string("host", d.host());
            // 0 would mean "any free port" to a listener; for a server we connect to it is meaningless
            int port = s.integer("port", d.port(), 1, 65_535);
            return List.of(new UpstreamHost(host, port));
        }
        if (s.has("host") || s.has("port")) {
            s.string("host", null); // read, so they are not also reported as unknown
            s.integer("port", d.port(), 1, 65_535);
            s.problem("hosts", "give either hosts (a list) or host and port (one server), not both;"
                    + " move host:port into the hosts list");
        }
        List<UpstreamHost> hosts = s.items("hosts", UpstreamHost::parse, item -> {
            String host = item.string("host", null);
            int port = item.integer("port", UpstreamHost.DEFAULT_PORT, 1, 65_535);
            if (host == null) {
                item.problem("host", "each entry of hosts needs a host");
                return null;
            }
            return new UpstreamHost(host, port);
        });
        if (hosts.isEmpty() && !s.faulty("hosts")) {
            s.problem("hosts", "is empty; list at least one server as host:port");
        }
        return hosts.isEmpty() ? d.hosts() : hosts;
    }
}
