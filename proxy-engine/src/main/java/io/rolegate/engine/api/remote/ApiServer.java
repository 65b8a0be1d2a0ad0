package io.rolegate.engine.api.remote;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.rolegate.engine.admin.HttpServerLimits;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.config.ApiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remote admin API ({@code api:}): the engine's facade over HTTPS, JSON, {@code /api/v1/…}. Served by the
 * JDK's {@link HttpsServer} on a small pool of its own threads — calls block on LDAP, JDBC and audit commits, and none
 * of that may touch a Netty event loop (decision "remote admin API"). TLS always; with {@code api.tls.clientCa}
 * the handshake fails for a client without a certificate from those CAs. Every route but login needs a bearer
 * token; every change is decided by the facade with the caller's console login, as in-process.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Threads for calls; each connection also holds one while it sends its request (see HttpServerLimits). */
    static final int WORKERS = 8;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final ApiLogins logins;
    private final List<Route> routes;

    private ApiServer(HttpsServer server, ExecutorService executor, ApiLogins logins, List<Route> routes) {
        this.server = server;
        this.executor = executor;
        this.logins = logins;
        this.routes = routes;
    }

    /** The API of {@code engine} as its configuration in force says ({@code api:}); empty when it is off. */
    public static Optional<ApiServer> startIfConfigured(Engine engine) {
        ApiConfig config = engine.config().api();
        return config.enabled() ? Optional.of(start(engine, config, Clock.systemUTC())) : Optional.empty();
    }

    /**
     * Binds and serves {@code engine} (running, or about to be) with {@code config}; {@code clock} times tokens.
     *
     * @throws EngineException when TLS material is missing or unreadable, or the address cannot be bound
     */
    public static ApiServer start(Engine engine, ApiConfig config, Clock clock) {
        SSLContext ssl = ApiTls.context(config, engine.dataDirectory());
        HttpServerLimits.boundRequestReading();
        HttpsServer server;
        try {
            server = HttpsServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            throw new EngineException("could not start the admin API on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        boolean needClientCertificate = config.clientCa() != null;
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ssl.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                p.setNeedClientAuth(needClientCertificate);
                params.setSSLParameters(p);
            }
        });
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "rolegate-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ApiLogins logins = new ApiLogins(engine, new ApiTokens(config.tokenLifetime(), clock));
        List<Route> routes = new ApiRoutes(engine, logins).table();
        server.createContext("/", new ApiDispatcher(routes, logins));
        server.start();
        log.info("admin API on https://{}:{}{}/ (client certificates {})", config.host(),
                server.getAddress().getPort(), ApiRoutes.PREFIX, needClientCertificate ? "required" : "not asked");
        return new ApiServer(server, executor, logins, routes);
    }

    /** Where it listens (the real port when configured with 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The route table it serves. */
    List<Route> routes() {
        return routes;
    }

    /** Stops accepting, gives running calls a second, ends every token's login, and stops its threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        logins.closeAll();
    }
}
