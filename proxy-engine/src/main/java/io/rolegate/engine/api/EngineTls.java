package io.rolegate.engine.api;

import io.netty.handler.ssl.SslContext;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.session.UpstreamTlsPolicy;

import java.nio.file.Path;

/** Builds the TLS pieces the engine needs from configuration (the tls room does the work). */
final class EngineTls {
    private EngineTls() {
    }

    static SslContext clientSide(ListenTlsConfig tls, Path dataDir) {
        if (!tls.enabled()) {
            return null;
        }
        throw new EngineException("TLS towards clients is not available in this build yet");
    }

    static UpstreamTlsPolicy upstreamSide(UpstreamConfig upstream) {
        if (upstream.tls() == UpstreamTlsMode.DISABLE || upstream.tls() == UpstreamTlsMode.PREFER) {
            return UpstreamTlsPolicy.DISABLED;
        }
        throw new EngineException("TLS towards the upstream server is not available in this build yet");
    }
}
