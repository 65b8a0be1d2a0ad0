package io.rolegate.engine.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.DirectoryMetrics;
import io.rolegate.engine.api.model.EngineMetrics;
import io.rolegate.engine.api.model.StoreMetrics;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.config.AdminConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The engine's HTTP admin endpoint: {@code GET /metrics} (Prometheus text 0.0.4) and {@code GET /health} (200 when
 * running, 503 when draining for a stop or not running). Served by the JDK's HTTP server on two threads of its own, never on an event loop; it
 * only reads counters, so a slow scraper cannot slow the proxy down.
 */
public final class AdminEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private AdminEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving. {@code metrics} is called per scrape, {@code state} per health check.
     *
     * @throws EngineException when the address cannot be bound, or the endpoint is not enabled
     */
    public static AdminEndpoint start(Supplier<EngineMetrics> metrics, Supplier<EngineState> state,
                                      AdminConfig config) {
        return start(metrics, Optional::empty, Optional::empty, state, config);
    }

    /** As above, with the directory's and the store's metrics (each empty when not applicable or not running). */
    public static AdminEndpoint start(Supplier<EngineMetrics> metrics,
                                      Supplier<Optional<DirectoryMetrics>> directory,
                                      Supplier<Optional<StoreMetrics>> store, Supplier<EngineState> state,
                                      AdminConfig config) {
        return start(metrics, directory, store, Optional::empty, state, config);
    }

    /** As above, with the logins' metrics too. */
    public static AdminEndpoint start(Supplier<EngineMetrics> metrics,
                                      Supplier<Optional<DirectoryMetrics>> directory,
                                      Supplier<Optional<StoreMetrics>> store,
                                      Supplier<Optional<io.rolegate.engine.api.model.LoginMetrics>> logins,
                                      Supplier<EngineState> state, AdminConfig config) {
        return start(metrics, directory, store, logins, state, () -> false, config);
    }

    /**
     * As above; while {@code draining} says so, a running engine's {@code /health} answers 503 "draining": it is
     * about to stop, so a load balancer takes it out while it still accepts.
     */
    public static AdminEndpoint start(Supplier<EngineMetrics> metrics,
                                      Supplier<Optional<DirectoryMetrics>> directory,
                                      Supplier<Optional<StoreMetrics>> store,
                                      Supplier<Optional<io.rolegate.engine.api.model.LoginMetrics>> logins,
                                      Supplier<EngineState> state, BooleanSupplier draining, AdminConfig config) {
        if (!config.enabled()) {
            throw new EngineException("the admin endpoint is not enabled (no admin: section in the configuration)");
        }
        HttpServerLimits.boundRequestReading();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 16);
        } catch (IOException e) {
            throw new EngineException("could not start the admin endpoint on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "rolegate-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> serve(exchange, "/metrics", () -> {
            EngineMetrics m = metrics.get();
            return new Reply(200, PrometheusText.CONTENT_TYPE, MetricsPage.render(m)
                    + DirectoryMetricsPage.render(directory.get()) + StoreMetricsPage.render(store.get())
                    + logins.get().map(LoginMetricsPage::render).orElse(""));
        }));
        server.createContext("/health", exchange -> serve(exchange, "/health", () -> health(state.get(),
                draining.getAsBoolean())));
        server.createContext("/", exchange -> serve(exchange, null, null));
        server.start();
        log.info("admin endpoint on http://{}:{}/ (/metrics, /health)", config.host(),
                server.getAddress().getPort());
        return new AdminEndpoint(server, executor);
    }

    /** 200 "running"; 503 "draining" on the way to a stop, else 503 and the state (starting, stopping, …). */
    private static Reply health(EngineState s, boolean draining) {
        String word = s == EngineState.RUNNING && draining ? "draining" : s.name().toLowerCase(Locale.ROOT);
        return new Reply(s == EngineState.RUNNING && !draining ? 200 : 503, "text/plain; charset=utf-8", word + "\n");
    }

    /** Where it listens (the real port when configured with 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Reply(int status, String contentType, String body) {
    }

    private static void serve(HttpExchange exchange, String path, Supplier<Reply> page) throws IOException {
        try (exchange) {
            Reply reply;
            String method = exchange.getRequestMethod();
            if (page == null || !exchange.getRequestURI().getPath().equals(path)) {
                reply = new Reply(404, "text/plain; charset=utf-8", "not found; try /metrics or /health\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = new Reply(405, "text/plain; charset=utf-8", "only GET and HEAD\n");
            } else {
                reply = render(page);
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static Reply render(Supplier<Reply> page) {
        try {
            return page.get();
        } catch (RuntimeException e) {
            log.warn("admin endpoint: could not build the page", e);
            return new Reply(500, "text/plain; charset=utf-8", "could not read the engine: " + e.getMessage() + "\n");
        }
    }

    /** Stops accepting, gives running requests a second, and stops its threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
