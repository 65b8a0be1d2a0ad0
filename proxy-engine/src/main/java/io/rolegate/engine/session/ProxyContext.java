package io.rolegate.engine.session;

import io.netty.handler.ssl.SslContext;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.tls.UpstreamTls;

/**
 * What every session of one engine shares: configuration, the transport, TLS on both sides, the registry, the
 * upstream connector, cancel forwarding and the authentication flow. Built once by the engine at start.
 */
public final class ProxyContext {
    private final RolegateConfig config;
    private final Transport transport;
    private final SslContext clientTls;
    private final SessionRegistry registry;
    private final UpstreamConnector upstream;
    private final UpstreamHosts hosts;
    private final CancelForwarder cancels;
    private Authenticator authenticator;
    private AccessAudit audit = AccessAudit.NONE;
    private volatile RevocationWords revocationWords = RevocationWords.NONE;
    /** The limits read per connection; a new configuration version replaces them live ({@link #limits(LimitsConfig)}). */
    private volatile io.rolegate.engine.config.LimitsConfig limits;

    /**
     * @param clientTls server-side TLS towards clients, or null when {@code listen.tls.mode} is off
     */
    public ProxyContext(RolegateConfig config, Transport transport, SslContext clientTls,
                        UpstreamTls upstreamTls, SessionRegistry registry) {
        this.config = config;
        this.transport = transport;
        this.clientTls = clientTls;
        this.registry = registry;
        this.limits = config.limits();
        this.upstream = new UpstreamConnector(transport, upstreamTls, config.upstream().connectTimeout(),
                config.limits().keepalive());
        this.hosts = new UpstreamHosts(config.upstream(), upstream, System::nanoTime);
        this.cancels = new CancelForwarder(upstream);
        this.authenticator = new PassthroughAuthenticator();
    }

    public RolegateConfig config() {
        return config;
    }

    /**
     * The limits in force for a new connection: those of the start configuration, then of the latest version taken
     * live. Keepalive, the login throttle and the login queue were built at start and stay (see LiveKeys).
     */
    public io.rolegate.engine.config.LimitsConfig limits() {
        return limits;
    }

    /** Takes {@code next} for connections accepted from now on; connections under way keep what they read. */
    public void limits(io.rolegate.engine.config.LimitsConfig next) {
        this.limits = java.util.Objects.requireNonNull(next, "limits");
    }

    public Transport transport() {
        return transport;
    }

    /** Null when TLS towards clients is off. */
    public SslContext clientTls() {
        return clientTls;
    }

    /**
     * A TLS handler for one client connection. With the JDK's TLS, the handshake work (key exchange, signing, the
     * certificate checks) runs on {@link TlsHandshakes}, not on the event loop, which meanwhile relays other
     * sessions' bytes. BoringSSL does the same work in a fraction of the time, so there the hop to another thread
     * and back would cost more than it saves (measured: the handshake took 1 ms longer with it).
     */
    io.netty.handler.ssl.SslHandler newClientTlsHandler(io.netty.buffer.ByteBufAllocator alloc) {
        io.netty.handler.ssl.SslHandler handler = clientTls instanceof io.netty.handler.ssl.OpenSslContext
                ? clientTls.newHandler(alloc) : clientTls.newHandler(alloc, TlsHandshakes.EXECUTOR);
        // limits.startupTimeout is the one limit on startup: Netty's own 10 s handshake timeout would cut a login
        // off silently (a reset, no message) in a storm where handshakes queue for CPU
        handler.setHandshakeTimeoutMillis(limits.startupTimeout().toMillis());
        return handler;
    }

    public SessionRegistry registry() {
        return registry;
    }

    public UpstreamConnector upstream() {
        return upstream;
    }

    /** The configured servers, what each was last seen to be, and the order a new session tries them in. */
    public UpstreamHosts hosts() {
        return hosts;
    }

    public CancelForwarder cancels() {
        return cancels;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public AccessAudit audit() {
        return audit;
    }

    /** The engine installs the store's audit here; without one, access is logged but not recorded. */
    public void audit(AccessAudit audit) {
        this.audit = audit;
    }

    /** Whether a revocation's sweep ended a directory session's backend, and the words for its client. */
    public RevocationWords revocationWords() {
        return revocationWords;
    }

    /** Directory mode installs the store's record of revocation sweeps here (decision 0037). */
    public void revocationWords(RevocationWords words) {
        this.revocationWords = java.util.Objects.requireNonNull(words, "words");
    }

    /** Directory mode installs its own flow here; passthrough is the default. */
    public void authenticator(Authenticator flow) {
        this.authenticator = flow;
    }
}
