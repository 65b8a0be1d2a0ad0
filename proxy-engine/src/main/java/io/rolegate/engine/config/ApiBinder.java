package io.rolegate.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code api:} the remote admin API; the section's presence turns it on unless {@code enabled: false}. There is no
 * plaintext mode: a section without TLS material is a configuration problem, not a quiet HTTP listener.
 */
final class ApiBinder implements SectionBinder<ApiConfig> {

    @Override
    public String key() {
        return "api";
    }

    @Override
    public ApiConfig bind(SectionReader s) {
        boolean enabled = s.bool("enabled", true);
        String host = s.string("host", ApiConfig.DEFAULT_HOST);
        int port = s.integer("port", ApiConfig.DEFAULT_PORT, 0, 65_535);
        Duration lifetime = s.duration("tokenLifetime", ApiConfig.DEFAULT_TOKEN_LIFETIME, Duration.ofMinutes(1),
                Duration.ofHours(12));
        if (!s.faulty("host") && host.isBlank()) {
            s.problem("host", "api.host must name an interface, e.g. 127.0.0.1 (the default) or 0.0.0.0");
        }
        SectionReader tls = s.section("tls");
        Path certificate = tls.file("certificate");
        Path key = tls.file("key");
        boolean selfSigned = tls.bool("selfSigned", false);
        Path clientCa = tls.file("clientCa");
        if (enabled) {
            checkTls(s, tls, selfSigned);
        }
        return enabled ? new ApiConfig(true, host, port, certificate, key, selfSigned, clientCa, lifetime)
                : ApiConfig.disabled();
    }

    // Judged on what is written (as listen.tls is): a missing file has been reported already.
    private static void checkTls(SectionReader s, SectionReader tls, boolean selfSigned) {
        ListenBinder.checkKeyPair(tls, "api.tls", selfSigned);
        if (!selfSigned && !tls.has("certificate") && !tls.has("key") && !tls.faulty("selfSigned")) {
            s.problem("tls", "the admin API is served over TLS only: set api.tls.certificate and api.tls.key (PEM),"
                    + " or api.tls.selfSigned: true for a trial; there is no plaintext mode");
        }
    }
}
