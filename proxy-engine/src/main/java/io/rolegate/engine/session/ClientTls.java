package io.rolegate.engine.session;

import io.netty.handler.ssl.SslHandler;
import io.rolegate.engine.tls.TlsSettings;

import javax.net.ssl.SSLSession;

/** What happens when a client's TLS handshake ends. */
final class ClientTls {
    private ClientTls() {
    }

    /**
     * Records the negotiated protocol and cipher. Direct SSL must have negotiated ALPN "postgresql" (as the server
     * requires): otherwise the bytes might be another protocol aimed at this port.
     */
    static void watchHandshake(Session session, SslHandler ssl, boolean direct) {
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                session.terminate(DisconnectReason.TLS_FAILED, null);
                return;
            }
            if (direct && !TlsSettings.negotiatedPostgresql(ssl)) {
                session.terminate(DisconnectReason.PROTOCOL_VIOLATION,
                        "rolegate: direct SSL connections must negotiate ALPN \"postgresql\"");
                return;
            }
            SSLSession s = ssl.engine().getSession();
            session.tlsEstablished(s.getProtocol() + " " + s.getCipherSuite() + (direct ? " (direct)" : ""));
        });
    }
}
