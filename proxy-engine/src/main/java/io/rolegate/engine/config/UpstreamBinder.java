package io.rolegate.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/** {@code upstream:} the PostgreSQL server behind the proxy. */
final class UpstreamBinder implements SectionBinder<UpstreamConfig> {

    @Override
    public String key() {
        return "upstream";
    }

    @Override
    public UpstreamConfig bind(SectionReader s) {
        UpstreamConfig d = UpstreamConfig.defaults();
        String host = s.string("host", d.host());
        // 0 would mean "any free port" to a listener; for a server we connect to it is meaningless
        int port = s.integer("port", d.port(), 1, 65_535);
        UpstreamTlsMode tls = s.choice("tls", UpstreamTlsMode.class, d.tls());
        Path rootCert = s.file("rootCert");
        if (tls == UpstreamTlsMode.DISABLE && !s.faulty("tls") && s.has("rootCert")) {
            s.problem("rootCert", "is never used with tls: disable; remove it or choose verify-full");
        }
        // PostgreSQL ends a connection that sends nothing for authentication_timeout, but a kept one has logged in:
        // the limit here is only against keeping server slots for hours by a typo.
        Duration keepIdle = s.duration("keepIdle", Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
        int maxIdlePerUser = s.integer("maxIdlePerUser", UpstreamConfig.DEFAULT_MAX_IDLE_PER_USER, 1, 1_000);
        return new UpstreamConfig(host, port, tls, rootCert, UpstreamAdminBinder.bind(s), keepIdle, maxIdlePerUser);
    }
}
