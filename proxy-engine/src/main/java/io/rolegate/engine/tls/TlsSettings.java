package io.rolegate.engine.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslHandler;

import java.util.List;

/** What both TLS sides of the proxy agree on: protocol versions and the PostgreSQL ALPN name. */
public final class TlsSettings {

    /**
     * The ALPN protocol name PostgreSQL 17+ clients offer. It is mandatory for direct SSL (no SSLRequest first) and
     * sent after SSLRequest too; servers before 17 simply ignore it.
     */
    public static final String ALPN_POSTGRESQL = "postgresql";

    /** Older versions are disabled in current JDKs anyway; naming them here keeps a tuned java.security honest. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsSettings() {
    }

    /**
     * ALPN offering only "postgresql". A peer that offers or selects nothing still connects: libpq before 17 and
     * every JDBC driver send no ALPN after SSLRequest, and a server before 17 answers none. Whether a missing ALPN
     * is acceptable (it is not for direct SSL) is decided by the caller after the handshake.
     */
    static ApplicationProtocolConfig alpn() {
        return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                SelectedListenerFailureBehavior.ACCEPT, ALPN_POSTGRESQL);
    }

    /** True when the finished handshake on this handler agreed on ALPN "postgresql". */
    public static boolean negotiatedPostgresql(SslHandler handler) {
        return ALPN_POSTGRESQL.equals(handler.applicationProtocol());
    }
}
