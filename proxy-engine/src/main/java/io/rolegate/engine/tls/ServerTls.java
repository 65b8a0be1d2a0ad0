package io.rolegate.engine.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.config.ListenTlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * TLS termination towards PostgreSQL clients. Built once at engine start so a bad certificate stops the start
 * with a readable message instead of failing every client handshake later.
 *
 * <p>In a pipeline: after answering an SSLRequest with 'S' (written and flushed before the handler is added, so
 * the 'S' itself goes out in clear), or on a direct-SSL first byte 0x16, add {@link #newHandler} first in the
 * pipeline and wait for {@link SslHandler#handshakeFuture()}. For direct SSL, then require
 * {@link TlsSettings#negotiatedPostgresql(SslHandler)}.
 */
public final class ServerTls {

    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final SslContext context;
    private final X509Certificate certificate;

    private ServerTls(SslContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    /**
     * The server TLS of a listener, or a disabled one for mode OFF. Relative certificate and key paths are taken
     * from {@code dataDir}, as PostgreSQL does for ssl_cert_file.
     *
     * @throws EngineException when the files are missing, unreadable, encrypted or do not belong together
     */
    public static ServerTls of(ListenTlsConfig config, Path dataDir) {
        return of(config, dataDir, Clock.systemUTC());
    }

    static ServerTls of(ListenTlsConfig config, Path dataDir, Clock clock) {
        if (!config.enabled()) {
            return new ServerTls(null, null);
        }
        KeyMaterial material = keyMaterial(config, dataDir, clock);
        X509Certificate leaf = material.certificate();
        warnIfOutsideValidity(leaf, clock.instant());
        SslProvider provider = TlsImplementation.forListener();
        log.info("Listener TLS certificate {} (SHA-256 fingerprint {}), {}", leaf.getSubjectX500Principal().getName(),
                PemFiles.sha256Fingerprint(leaf), TlsImplementation.describe(provider));
        List<X509Certificate> clientCas = config.clientCa() == null ? List.of()
                : PemFiles.readCertificates(dataDir.resolve(config.clientCa()));
        RevocationCheckingTrust revocations = config.clientCrl() == null || clientCas.isEmpty() ? null
                : RevocationCheckingTrust.of(clientCas, dataDir.resolve(config.clientCrl()));
        return new ServerTls(build(material, clientCas, revocations, provider), leaf);
    }

    public boolean enabled() {
        return context != null;
    }

    /** A handler for one accepted client connection. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return context().newHandler(alloc);
    }

    public SslContext context() {
        if (context == null) {
            throw new IllegalStateException("listener TLS is off");
        }
        return context;
    }

    /** The leaf certificate clients are shown. */
    public X509Certificate certificate() {
        if (certificate == null) {
            throw new IllegalStateException("listener TLS is off");
        }
        return certificate;
    }

    private static KeyMaterial keyMaterial(ListenTlsConfig config, Path dataDir, Clock clock) {
        if (config.certificate() == null) {
            if (config.key() != null) {
                throw new EngineException("listen TLS has a key file (" + config.key() + ") but no certificate file");
            }
            if (!config.selfSigned()) {
                throw new EngineException("listen TLS is " + config.mode().name().toLowerCase(Locale.ROOT)
                        + " but has neither a certificate and key nor selfSigned: true");
            }
            return SelfSignedCertificate.loadOrCreate(dataDir, clock);
        }
        if (config.key() == null) {
            throw new EngineException("listen TLS has a certificate file (" + config.certificate()
                    + ") but no key file");
        }
        return KeyMaterial.read(dataDir.resolve(config.certificate()), dataDir.resolve(config.key()));
    }

    /**
     * With client CAs, a client may present a certificate (OPTIONAL: password logins go on as before); one it
     * presents must chain to these CAs, or the handshake fails, as PostgreSQL's clientcert=verify-ca.
     */
    private static SslContext build(KeyMaterial material, List<X509Certificate> clientCas,
                                    RevocationCheckingTrust revocations, SslProvider provider) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(material.key(), material.chain())
                    .sslProvider(provider)
                    .protocols(TlsSettings.PROTOCOLS)
                    .applicationProtocolConfig(TlsSettings.alpn());
            if (clientCas.isEmpty()) {
                builder.clientAuth(ClientAuth.NONE);
            } else if (revocations != null) {
                builder.trustManager(revocations).clientAuth(ClientAuth.OPTIONAL);
            } else {
                builder.trustManager(clientCas.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.OPTIONAL);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new EngineException("cannot use the listener certificate "
                    + material.certificate().getSubjectX500Principal().getName() + " for TLS: " + e.getMessage(), e);
        }
    }

    // PostgreSQL starts with an expired certificate too; refusing would turn a renewal slip into an outage.
    private static void warnIfOutsideValidity(X509Certificate leaf, Instant now) {
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            log.warn("Listener TLS certificate {} expired at {}; clients that verify it will refuse to connect",
                    leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
        } else if (leaf.getNotBefore().toInstant().isAfter(now)) {
            log.warn("Listener TLS certificate {} is not valid before {}; check this machine's clock",
                    leaf.getSubjectX500Principal().getName(), leaf.getNotBefore().toInstant());
        }
    }
}
