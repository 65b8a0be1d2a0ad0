package io.rolegate.engine.session;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.rolegate.engine.tls.TlsSettings;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/** What happens when a client's TLS handshake ends. */
final class ClientTls {
    private ClientTls() {
    }

    /**
     * The client's certificate, when it presented one; the handshake has already verified it against the
     * listener's client CAs (a certificate that does not chain to them fails the handshake). Null otherwise.
     */
    static X509Certificate peerCertificate(ChannelPipeline pipeline) {
        SslHandler ssl = pipeline.get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no certificate presented: the password flow goes on
        }
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
