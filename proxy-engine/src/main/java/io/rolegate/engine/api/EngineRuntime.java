package io.rolegate.engine.api;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.rolegate.engine.admin.AdminEndpoint;
import io.rolegate.engine.api.model.DirectoryMetrics;
import io.rolegate.engine.api.model.EngineMetrics;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.LoginMetrics;
import io.rolegate.engine.api.model.StoreMetrics;
import io.rolegate.engine.audit.StoreAccessAudit;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamHost;
import io.rolegate.engine.session.DisconnectReason;
import io.rolegate.engine.session.ClientListener;
import io.rolegate.engine.session.KeptConnections;
import io.rolegate.engine.session.ProxyContext;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionLog;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.session.Transport;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.telemetry.Direction;
import io.rolegate.engine.telemetry.ThroughputSampler;
import io.rolegate.engine.tls.UpstreamTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import io.rolegate.engine.store.RunningMarker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a started engine is made of, assembled in one place: TLS contexts, the store and its audit, directory mode,
 * the event loops and the listener, the throughput sampler and the admin endpoint — and torn down in the reverse
 * order. {@link Engine} keeps the lifecycle and the facades; this holds the parts while they run.
 */
final class EngineRuntime {
    private static final Logger log = LoggerFactory.getLogger(EngineRuntime.class);

    /** A step of the engine's own during assembly (check who starts it, seal secrets, ...). */
    interface Step {
        void run(EngineRuntime runtime);
    }

    /** Decides, once the store is open, which configuration the engine runs (see {@link ConfigAtStart}). */
    interface StartConfig {
        RolegateConfig inForce(EngineRuntime runtime);
    }

    /** What the admin endpoint serves, from the engine. */
    record Metrics(Supplier<EngineMetrics> engine, Supplier<Optional<DirectoryMetrics>> directory,
                   Supplier<Optional<StoreMetrics>> store, Supplier<LoginMetrics> logins,
                   Supplier<EngineState> state) {
    }

    final ProxyContext context;
    final Store store;
    private StoreAccessAudit audit;
    private DirectoryMode directoryMode;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel listener;
    private ThroughputSampler sampler;
    /** One monitoring connection per upstream host: a session's facts come from the server it runs on. */
    private Map<UpstreamHost, io.rolegate.engine.monitor.UpstreamMonitor> monitors = Map.of();
    private AdminEndpoint admin;
    private io.rolegate.engine.export.Exports exports = io.rolegate.engine.export.Exports.NONE;
    private Path dataDir;
    /** Set when a stop behind a load balancer begins: /health answers 503 "draining" from then on. */
    private volatile boolean draining;
    /** Takes new configuration versions while the engine runs; null until the engine's step installs it. */
    private LiveConfig live;
    /** The node's part in a fleet on a shared store; null on H2 and until the engine's step installs it. */
    private FleetRuntime fleet;

    private EngineRuntime(ProxyContext context, Store store) {
        this.context = context;
        this.store = store;
    }

    /**
     * Builds and binds; on any failure releases what it had opened and rethrows. What was built into a socket, a pool
     * or a table (listener, TLS, store, upstream, exports, the directory connection) comes from {@code config}; the
     * live part (mappings, policies, watcher settings, per-connection limits) from what {@code storeOpened} decides.
     */
    static EngineRuntime open(RolegateConfig config, Supplier<RolegateConfig> running, Path dataDir,
                              SessionRegistry registry, StartConfig storeOpened, Step beforeListening,
                              Metrics metrics) {
        Transport transport = Transport.best();
        SslContext clientTls = EngineTls.clientSide(config.listen().tls(), dataDir);
        ProxyContext context = new ProxyContext(config, transport, clientTls, UpstreamTls.of(config.upstream()),
                registry);
        registry.keptConnections(KeptConnections.of(config.upstream(), config.auth().mode() == AuthMode.DIRECTORY));
        EngineRuntime r = new EngineRuntime(context, stage("open the store",
                () -> EngineStore.open(config.store(), config.fleet(), dataDir)));
        r.dataDir = dataDir;
        boolean unclean;
        try {
            // a PostgreSQL store without TLS leaves nothing else to create the data directory before the marker
            EngineStore.ensureDataDirectory(dataDir);
            unclean = RunningMarker.markRunning(dataDir); // after the data directory lock: one engine marks it
        } catch (RuntimeException e) {
            r.release();
            throw e;
        }
        try {
            RolegateConfig inForce = stage("read the configuration in force", () -> storeOpened.inForce(r));
            context.limits(inForce.limits());
            r.audit = new StoreAccessAudit(r.store, config.auth().mode().name().toLowerCase(Locale.ROOT),
                    () -> running.get().access().queryCapture(), () -> running.get().access().recording());
            context.audit(r.audit);
            r.exports = stage("start the audit exports", () -> io.rolegate.engine.export.Exports.start(
                    config.exports(), r.store.audit(), r.store.connections()));
            if (config.auth().mode() == AuthMode.DIRECTORY) {
                r.directoryMode = stage("prepare the directory and the upstream admin connection", () ->
                        DirectoryMode.open(inForce, dataDir, registry, r.store.audit(), r.store.connections()));
                context.authenticator(r.directoryMode.authenticator());
                context.revocationWords(r.directoryMode.revocationWords());
            }
            stage("take the store's configuration live and join the fleet", () -> {
                beforeListening.run(r);
                return r;
            });
            registry.addListener(new SessionLog());
            stage("listen on " + config.listen().host() + ":" + config.listen().port(), () -> {
                r.listen(config, transport, registry);
                return r;
            });
            if (config.admin().enabled()) { // says "could not start the admin endpoint on host:port: ..." itself
                r.admin = AdminEndpoint.start(metrics.engine(), metrics.directory(), metrics.store(),
                        () -> Optional.of(metrics.logins().get()), metrics.state(), () -> r.draining,
                        config.admin());
            }
            log.info("engine started: {} transport, {} event loop threads, client TLS {}", transport.name(),
                    Transport.eventLoops(), clientTls == null ? "off"
                            : config.listen().tls().mode().name().toLowerCase(Locale.ROOT));
            if (unclean) {
                r.recover();
            }
            return r;
        } catch (RuntimeException e) {
            r.release();
            if (!unclean) {
                RunningMarker.markStopped(dataDir); // this start failed, but nothing ran: the last stop was clean
            }
            throw e;
        }
    }

    /**
     * One stage of the start, named when it fails: a failure already in a person's words (an EngineException, such
     * as the store's "cannot open the store …") goes on as it is; anything else — a port taken, which Netty throws as
     * the checked BindException it is — becomes "could not &lt;stage&gt;: cause".
     */
    static <T> T stage(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (io.rolegate.engine.api.model.EngineException e) {
            throw e;
        } catch (Exception e) { // also what is thrown unchecked though checked (a bind's BindException)
            throw new io.rolegate.engine.api.model.EngineException("could not " + what + ": " + (e.getMessage() == null ? e.toString()
                    : e.getMessage()), e);
        }
    }

    /** Says that the previous engine was killed, and in directory mode reconciles every managed role. */
    private void recover() {
        log.warn("the previous engine on this data directory did not stop cleanly (killed, out of memory, or the"
                + " machine went down); every login a client saw succeed was recorded before it was let in");
        if (directoryMode != null) {
            directoryMode.recoverAfterUncleanStop(); // logs "recovered after an unclean stop: N roles reconciled"
        } else {
            String message = "recovered after an unclean stop: passthrough mode, no managed roles to reconcile";
            log.info(message);
            store.audit().append(io.rolegate.engine.api.model.AuditEvent.of(
                    io.rolegate.engine.api.model.AuditEventType.ENGINE_RECOVERED, message).withActor("rolegate"));
        }
    }

    private void listen(RolegateConfig config, Transport transport, SessionRegistry registry) {
        acceptors = transport.newGroup(1, "rolegate-accept");
        workers = transport.newGroup(Transport.eventLoops(), "rolegate-io");
        listener = ClientListener.bind(context, acceptors, workers, config.listen().host(), config.listen().port());
        sampler = new ThroughputSampler(() -> totals(registry));
        sampler.start();
        monitors = monitors(config, registry);
    }

    /**
     * The monitoring connection: upstream.admin's account on a connection of its own ("rolegate-monitor"), so a
     * slow pg_stat_activity never holds up provisioning; null without upstream.admin (passthrough).
     */
    private static Map<UpstreamHost, io.rolegate.engine.monitor.UpstreamMonitor> monitors(RolegateConfig config,
                                                                                         SessionRegistry registry) {
        var up = config.upstream();
        var admin = up.admin();
        if (admin == null) {
            return Map.of();
        }
        Map<UpstreamHost, io.rolegate.engine.monitor.UpstreamMonitor> each = new java.util.LinkedHashMap<>();
        for (UpstreamHost h : up.hosts()) {
            var db = new io.rolegate.engine.provisioning.AdminDatabase(DirectoryMode.adminUrl(up, admin, List.of(h),
                    io.rolegate.engine.config.TargetSessionAttrs.ANY), admin.user(),
                    new String(admin.password().chars()), admin.user() + "@" + h, "rolegate-monitor");
            each.put(h, new io.rolegate.engine.monitor.UpstreamMonitor(db,
                    () -> SessionActivityReader.backendPids(registry, h), Duration.ofSeconds(1)));
        }
        return Map.copyOf(each);
    }

    Map<UpstreamHost, io.rolegate.engine.monitor.UpstreamMonitor> monitors() {
        return monitors;
    }

    InetSocketAddress listenAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    DirectoryMode directoryMode() {
        return directoryMode;
    }

    LiveConfig live() {
        return live;
    }

    FleetRuntime fleet() {
        return fleet;
    }

    /** Installs the node's part in a fleet (null: no fleet); released before the store. */
    void fleet(FleetRuntime part) {
        this.fleet = part;
    }

    /** Installs what takes new configuration versions; released first, before the parts it changes. */
    void live(LiveConfig taking) {
        this.live = taking;
    }

    StoreAccessAudit audit() {
        return audit;
    }

    io.rolegate.engine.export.Exports exports() {
        return exports;
    }

    ThroughputSampler sampler() {
        return sampler;
    }

    Optional<InetSocketAddress> adminAddress() {
        return admin == null ? Optional.empty() : Optional.of(admin.address());
    }

    /**
     * The first step of a stop behind a load balancer: {@code /health} says "draining" (503) at once while the
     * listener still accepts, for {@code delay}, so the balancer's health check takes this node out before it stops
     * listening. Without the admin endpoint no check could see it: returns at once. Blocks.
     */
    void drain(Duration delay) {
        if (admin == null || delay.isZero()) {
            return;
        }
        draining = true;
        log.info("draining: /health answers 503 draining; still accepting connections for {} ms, then stopping",
                delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            // Ends the drain early, and only that: the flag is not kept, because the stop that follows closes the
            // store on this thread, and H2 closes its files under a thread that is interrupted.
            log.info("draining cut short: stopping now");
        }
    }

    /**
     * Closes the listener, lets live sessions finish for {@code grace}, ends the rest with 57P01, then releases
     * every part. Blocks until done.
     */
    void shutdown(Duration grace, SessionRegistry registry, String stoppedBy) {
        listener.close().syncUninterruptibly();
        int waiting = registry.live().size();
        if (waiting > 0) {
            log.info("stopping: waiting up to {} s for {} session(s) to end", grace.toSeconds(), waiting);
        }
        awaitNoConnections(registry, grace);
        for (Session s : registry.live()) {
            s.outcome().endedBy(stoppedBy);
            s.terminate(DisconnectReason.SHUTDOWN, "rolegate: the proxy is shutting down");
        }
        awaitNoConnections(registry, Duration.ofSeconds(5));
        registry.keptConnections().closeAll();
        registry.keptConnections(KeptConnections.NONE);
        release();
        RunningMarker.markStopped(dataDir);
        log.info("stopped");
    }

    /** Releases every part this runtime opened, in reverse order; safe on a half-built runtime. */
    void release() {
        if (live != null) {
            live.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        monitors.values().forEach(io.rolegate.engine.monitor.UpstreamMonitor::close);
        if (sampler != null) {
            sampler.close();
        }
        for (EventLoopGroup g : new EventLoopGroup[]{acceptors, workers}) {
            if (g != null) {
                g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
        if (admin != null) {
            admin.close();
        }
        if (directoryMode != null) {
            directoryMode.close();
        }
        if (audit != null) {
            audit.close();
        }
        exports.close(); // after the last session's audit is queued: a clean stop delivers it when it can
        store.close();
    }

    private static void awaitNoConnections(SessionRegistry registry, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (registry.openConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Engine-wide totals for the sampler: ended sessions' counts plus every live session's counters. */
    private static ThroughputSampler.Totals totals(SessionRegistry registry) {
        long bIn = registry.endedBytes(Direction.IN), bOut = registry.endedBytes(Direction.OUT);
        long mIn = registry.endedMessages(Direction.IN), mOut = registry.endedMessages(Direction.OUT);
        long q = registry.endedQueries(), e = registry.endedErrors();
        int sessions = 0;
        for (Session s : registry.live()) {
            var c = s.counters();
            bIn += c.bytes(Direction.IN);
            bOut += c.bytes(Direction.OUT);
            mIn += c.messages(Direction.IN);
            mOut += c.messages(Direction.OUT);
            q += c.queries();
            e += c.errors();
            sessions++;
        }
        return new ThroughputSampler.Totals(bIn, bOut, mIn, mOut, q, e, sessions, registry.openConnections());
    }
}
