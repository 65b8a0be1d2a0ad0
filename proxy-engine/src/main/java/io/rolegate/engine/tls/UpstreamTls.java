package io.rolegate.engine.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The proxy as a TLS client of the PostgreSQL server, with libpq's sslmode meanings:
 * <ul>
 *   <li>{@code disable}: no TLS; {@link #enabled()} is false.</li>
 *   <li>{@code prefer}: send SSLRequest; on 'N' the caller continues in clear, on 'S' it adds {@link #newHandler}.</li>
 *   <li>{@code require}: TLS or no connection. Without {@code rootCert} the certificate is not checked
 *       (encryption against a passive listener only).</li>
 *   <li>{@code verify-full}: the chain must lead to {@code rootCert} (or the JDK trust store when absent) and the
 *       certificate must name the host the proxy dialled.</li>
 * </ul>
 * Whenever {@code rootCert} is configured, whatever the mode (but {@code disable}), the connection is verified as
 * under {@code verify-full}: TLS is required, the chain must lead to the CA and the certificate must name the host.
 * libpq would check only the chain under {@code require} (its verify-ca fallback) and fall back to plain TCP under
 * {@code prefer}; either lets anyone holding any certificate from that CA, or anyone answering 'N', take the
 * connection — and the provisioning password with it (issue 13 item 6, decision 0015).
 * {@link #of} reads the root certificate, so a bad path fails the engine start rather than the first connection.
 *
 * <p>In a pipeline: write SSLRequest, read one byte; on 'S' call
 * {@code pipeline.addFirst("tls", upstreamTls.newHandler(ch.alloc(), host, port))} and start the PostgreSQL
 * startup once {@link SslHandler#handshakeFuture()} succeeds.
 */
public final class UpstreamTls {

    /** Validated by the JDK's own HTTPS rules: SAN DNS names with wildcards, or SAN IP addresses for IP hosts. */
    private static final String HOST_NAME_CHECK = "HTTPS";

    private final UpstreamTlsMode mode;
    private final SslContext context;
    private final boolean verifying;

    private UpstreamTls(UpstreamTlsMode mode, SslContext context, boolean verifying) {
        this.mode = mode;
        this.context = context;
        this.verifying = verifying;
    }

    /** @throws EngineException when {@code rootCert} is set but cannot be read or holds no certificate */
    public static UpstreamTls of(UpstreamConfig config) {
        UpstreamTlsMode mode = config.tls() == null ? UpstreamTlsMode.PREFER : config.tls();
        if (mode == UpstreamTlsMode.DISABLE) {
            return new UpstreamTls(mode, null, false);
        }
        boolean verifying = verifies(mode, config);
        return new UpstreamTls(mode, build(verifying, config), verifying);
    }

    /** True when the server's chain and host name are checked: under verify-full, and whenever a CA is configured. */
    public static boolean verifies(UpstreamTlsMode mode, UpstreamConfig config) {
        return mode == UpstreamTlsMode.VERIFY_FULL || (mode != UpstreamTlsMode.DISABLE && config.rootCert() != null);
    }

    /** True when the server's certificate chain and host name are checked. */
    public boolean verifying() {
        return verifying;
    }

    public UpstreamTlsMode mode() {
        return mode;
    }

    /** Whether to send SSLRequest at all. */
    public boolean enabled() {
        return context != null;
    }

    /**
     * Whether an 'N' answer to SSLRequest (or a failed handshake) must end the connection attempt: under require and
     * verify-full, and whenever a CA is configured (a server that can be verified must be).
     */
    public boolean required() {
        return mode == UpstreamTlsMode.REQUIRE || verifying;
    }

    /**
     * A handler for one upstream connection. {@code host} is the name the certificate is checked against when
     * {@link #verifying()} and the SNI name sent to the server; {@code port} only keys the JDK's session cache.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        if (context == null) {
            throw new IllegalStateException("upstream TLS is disabled");
        }
        SslHandler handler = context.newHandler(alloc, host, port);
        // Set per engine rather than trusting the builder's default, which differs between Netty 4.1 and 4.2.
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(verifying ? HOST_NAME_CHECK : null);
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static SslContext build(boolean verifying, UpstreamConfig config) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(TlsSettings.PROTOCOLS)
                .applicationProtocolConfig(TlsSettings.alpn())
                .endpointIdentificationAlgorithm(verifying ? HOST_NAME_CHECK : null);
        if (config.rootCert() != null) {
            builder.trustManager(rootCertificates(config));
        } else if (!verifying) {
            // libpq without a root certificate: encryption against passive listening, no authentication.
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        // verify-full without rootCert leaves the trust manager unset: the JDK default trust store applies.
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new EngineException("cannot set up TLS towards the upstream server " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> rootCertificates(UpstreamConfig config) {
        try {
            return PemFiles.readCertificates(config.rootCert());
        } catch (EngineException e) {
            throw new EngineException("upstream rootCert: " + e.getMessage(), e);
        }
    }
}
