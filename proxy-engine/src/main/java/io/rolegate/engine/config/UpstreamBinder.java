package io.rolegate.engine.config;

import java.nio.file.Path;

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
        return new UpstreamConfig(host, port, tls, rootCert, UpstreamAdminBinder.bind(s));
    }
}
