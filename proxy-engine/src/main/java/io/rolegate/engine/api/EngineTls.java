package io.rolegate.engine.api;

import io.netty.handler.ssl.SslContext;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.tls.ServerTls;

import java.nio.file.Path;

/** The client-side TLS context of a listener, or null when TLS towards clients is off. */
final class EngineTls {
    private EngineTls() {
    }

    static SslContext clientSide(ListenTlsConfig tls, Path dataDir) {
        ServerTls server = ServerTls.of(tls, dataDir);
        return server.enabled() ? server.context() : null;
    }
}
