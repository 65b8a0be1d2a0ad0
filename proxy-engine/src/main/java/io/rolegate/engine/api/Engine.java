package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.EngineMetrics;
import io.rolegate.engine.api.model.LoginMetrics;
import io.rolegate.engine.api.model.DirectoryMetrics;
import io.rolegate.engine.api.model.StoreMetrics;
import io.rolegate.engine.api.model.ThroughputSample;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.SessionEnd;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.rolegate.engine.audit.StoreAccessAudit;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.session.DisconnectReason;
import io.rolegate.engine.session.FrontendInitializer;
import io.rolegate.engine.session.ProxyContext;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionLog;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.session.Transport;
import io.rolegate.engine.telemetry.Direction;
import io.rolegate.engine.telemetry.ThroughputSampler;
import io.rolegate.engine.tls.UpstreamTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The facade: the only type the console and the headless runner use. Thread-safe; nothing here runs on an event
 * loop, and nothing here blocks one.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final RolegateConfig config;
    /** The configuration in force: the start configuration, then as mapping changes leave it. */
    private volatile RolegateConfig running;
    private final Path dataDir;
    private final SessionRegistry registry = new SessionRegistry();
    /** Registers itself on the registry; reads the store only while running (never a closed one). */
    private final io.rolegate.engine.api.EngineMetricsCollector metrics =
            new io.rolegate.engine.api.EngineMetricsCollector(registry, this::state,
                    () -> this.state == EngineState.RUNNING ? this.store : null);
    private io.rolegate.engine.admin.AdminEndpoint admin;
    private volatile EngineState state = EngineState.NEW;
    private final java.util.List<Consumer<EngineState>> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel listener;
    private ProxyContext context;
    private ThroughputSampler sampler;
    private Store store;
    private StoreAccessAudit audit;
    private DirectoryMode directoryMode;
    private final ConsoleAuthority authority = new ConsoleAuthority();
    /** Secrets the configuration file held literally: sealed into the store at start. */
    private final Map<String, Secret> literalSecrets;
    private final EngineDirectory directoryFacade = new EngineDirectory(() -> directoryMode, this::config,
            this::recordConfigVersion, () -> runningStore().audit(), authority, this::authorize);
    private final EngineAudit auditFacade = new EngineAudit(() -> runningStore().audit());
    private final EngineSettings settingsFacade = new EngineSettings(this::config, this::runningStore,
            this::dataDirectory, this::authorize);

    /** An engine for {@code configuration}, keeping its store, keys and certificates in {@code dataDir}. */
    public Engine(Configuration configuration, Path dataDir) {
        this(configuration.config(), dataDir, configuration.literalSecrets());
    }

    public Engine(RolegateConfig config, Path dataDir) {
        this(config, dataDir, Map.of());
    }

    private Engine(RolegateConfig config, Path dataDir, Map<String, Secret> literalSecrets) {
        this.config = config;
        this.dataDir = dataDir;
        this.literalSecrets = Map.copyOf(literalSecrets);
    }

    /**
     * A new engine for {@code next} on this engine's data directory, to start when this one has stopped, that
     * knows this engine's console logins: how the console restarts an engine with new settings.
     */
    public Engine successor(Configuration next) {
        Engine e = new Engine(next, dataDir);
        authority.handOver(e.authority);
        return e;
    }

    public Engine(RolegateConfig config) {
        this(config, EngineFiles.defaultDataDir());
    }

    /** Binds the listener; throws {@link EngineException} with a readable message when it cannot. */
    public void start() {
        startAs(null);
    }

    /**
     * Starts on behalf of a console user, who must be a console administrator by the directory's current word
     * (checked once the directory is open, before the listener binds; else {@link PermissionDenied}, audited).
     */
    public void start(ConsoleIdentity who) {
        startAs(java.util.Objects.requireNonNull(who, "who"));
    }

    private synchronized void startAs(ConsoleIdentity starter) {
        if (state != EngineState.NEW) {
            throw new EngineException("the engine was already started (state " + state + ")");
        }
        state(EngineState.STARTING);
        try {
            Transport transport = Transport.best();
            SslContext clientTls = EngineTls.clientSide(config.listen().tls(), dataDir);
            UpstreamTls upstreamTls = UpstreamTls.of(config.upstream());
            context = new ProxyContext(config, transport, clientTls, upstreamTls, registry);
            registry.keptConnections(io.rolegate.engine.session.KeptConnections.of(config.upstream(),
                    config.auth().mode() == AuthMode.DIRECTORY));
            store = openStore();
            recordConfigVersion(config, "rolegate", "configuration in force at start", "engine start");
            EngineStore.anchorAudit(store, dataDir);
            audit = new StoreAccessAudit(store, config.auth().mode().name().toLowerCase(java.util.Locale.ROOT),
                    () -> config().access().queryCapture());
            context.audit(audit);
            if (config.auth().mode() == AuthMode.DIRECTORY) {
                directoryMode = DirectoryMode.open(config, dataDir, registry, store.audit());
                context.authenticator(directoryMode.authenticator());
            }
            if (starter != null) {
                recordAdminAction(authorize(starter, "start the engine", ConsoleAuthority.Effect.GRANTS).username(),
                        "start the engine", null);
            }
            sealLiteralSecrets();
            registry.addListener(new SessionLog());
            acceptors = transport.newGroup(1, "rolegate-accept");
            workers = transport.newGroup(Runtime.getRuntime().availableProcessors(), "rolegate-io");
            listener = new ServerBootstrap().group(acceptors, workers).channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(128 * 1024, 512 * 1024))
                    .childHandler(new FrontendInitializer(context))
                    .bind(config.listen().host(), config.listen().port()).syncUninterruptibly().channel();
            sampler = new ThroughputSampler(this::totals);
            sampler.start();
            if (config.admin().enabled()) {
                admin = io.rolegate.engine.admin.AdminEndpoint.start(this::metrics, this::directoryMetrics,
                        this::storeMetrics, () -> Optional.of(loginMetrics()), this::state, config.admin());
            }
            state(EngineState.RUNNING);
            log.info("engine started: {} transport, {} event loop threads, client TLS {}", transport.name(),
                    Runtime.getRuntime().availableProcessors(), clientTls == null ? "off" : config.listen().tls().mode().name()
                            .toLowerCase(java.util.Locale.ROOT));
        } catch (EngineException e) {
            failStart();
            throw e;
        } catch (RuntimeException e) {
            failStart();
            throw new EngineException("could not listen on " + config.listen().host() + ":"
                    + config.listen().port() + ": " + e.getMessage(), e);
        }
    }

    private Store openStore() {
        try {
            return EngineStore.open(config.store(), dataDir);
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    private void failStart() {
        state(EngineState.FAILED);
        shutdownLoops();
        closeStore();
    }

    private void closeStore() {
        if (admin != null) {
            admin.close();
        }
        if (directoryMode != null) {
            directoryMode.close();
        }
        if (audit != null) {
            audit.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** The configuration in force (mapping changes included), as the console and the CLI see it. */
    public Configuration configuration() {
        return Configuration.of(config());
    }

    /** The configuration in force (mapping changes included); also the latest version in the store. */
    public RolegateConfig config() {
        RolegateConfig r = running;
        return r == null ? config : r;
    }

    /** Saves {@code c} as a new configuration version when it differs from the latest (audited first). */
    private void recordConfigVersion(RolegateConfig c, String author, String comment, String via) {
        running = c;
        String yaml = io.rolegate.engine.config.ConfigWriter.toYaml(c);
        var latest = store.configVersions().latest();
        if (latest.isPresent() && latest.get().yaml().equals(yaml)) {
            return;
        }
        try {
            io.rolegate.engine.store.AuditedConfigChange.save(store, yaml, author, comment, "configuration",
                    via);
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    public InetSocketAddress listenAddress() {
        Channel l = listener;
        if (l == null) {
            throw new EngineException("the engine is not listening (state " + state + ")");
        }
        return (InetSocketAddress) l.localAddress();
    }

    /** Where this engine keeps its store, keys and certificates. */
    public Path dataDirectory() {
        return dataDir;
    }

    public EngineState state() {
        return state;
    }

    /** Hears every state change (called on the thread that made it; don't block). Close the handle to stop. */
    public AutoCloseable onStateChange(Consumer<EngineState> listener) {
        stateListeners.add(listener);
        return () -> stateListeners.remove(listener);
    }

    private void state(EngineState next) {
        state = next;
        for (Consumer<EngineState> l : stateListeners) {
            l.accept(next);
        }
    }

    /**
     * Hears each session's end with its reason and final counters. Called on the session's event loop: hand the
     * work to another thread, never block. Close the handle to stop.
     */
    public AutoCloseable onSessionEnded(Consumer<SessionEnd> listener) {
        io.rolegate.engine.session.SessionListener bridge = new io.rolegate.engine.session.SessionListener() {
            @Override
            public void sessionEnded(Session s) {
                listener.accept(new SessionEnd(s.id(), s.ended(), s.endReason().label(), s.outcomeMessage(),
                        Snapshots.of(s)));
            }
        };
        registry.addListener(bridge);
        return () -> registry.removeListener(bridge);
    }

    /** Client connections open now, including those still in startup and cancel requests. */
    public int openConnections() {
        return registry.openConnections();
    }

    /** Live sessions (past their StartupMessage), oldest first. */
    public List<SessionSnapshot> sessions() {
        return registry.live().stream().map(Snapshots::of).sorted(Comparator.comparingLong(SessionSnapshot::id))
                .toList();
    }

    public Optional<SessionSnapshot> session(long id) {
        return Optional.ofNullable(registry.get(id)).map(Snapshots::of);
    }

    /** Ends a session with FATAL 57P01 and the given reason, as the engine itself; false when no such session. */
    public boolean disconnect(long sessionId, String reason) {
        return endSession(sessionId, reason, "engine");
    }

    /**
     * Ends a session with FATAL 57P01 on behalf of {@code who}, a console administrator (else
     * {@link PermissionDenied}, audited). The action is durably audited before it takes effect; this call blocks
     * until then, so call it off any UI thread.
     */
    public boolean disconnect(long sessionId, String reason, ConsoleIdentity who) {
        return endSession(sessionId, reason,
                authorize(who, "disconnect session " + sessionId, ConsoleAuthority.Effect.REVOKES).username());
    }

    private boolean endSession(long sessionId, String reason, String admin) {
        Session s = registry.get(sessionId);
        if (s == null) {
            return false;
        }
        recordAdminAction(admin, "disconnect session " + sessionId + (reason == null ? "" : ": " + reason), s);
        s.terminate(DisconnectReason.ADMIN_KILL, "rolegate: session terminated by an administrator"
                + (reason == null || reason.isBlank() ? "" : ": " + reason));
        return true;
    }

    private void recordAdminAction(String admin, String what, Session s) {
        AuditEvent event = AuditEvent.of(AuditEventType.ADMIN_ACTION, what).withActor(admin);
        if (s != null) {
            event = event.withSessionId(String.valueOf(s.id())).withUser(s.startup().user());
        }
        try {
            store.audit().appendDurably(event, "the action was not taken");
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** Audit records matching the query (newest first when the query says so). */
    public List<AuditRecord> auditRecords(AuditQuery query) {
        return runningStore().audit().query(query);
    }

    /** Walks the audit hash chain and reports the first broken link, if any. */
    public VerifyResult verifyAudit() {
        return runningStore().audit().verify();
    }

    /** Finished sessions matching the query. */
    public List<SessionRecord> sessionHistory(SessionQuery query) {
        return runningStore().sessionHistory().query(query);
    }

    /** Stored configuration versions, newest first: who changed what, when and why, with a diff each. */
    public List<io.rolegate.engine.api.model.ConfigVersion> configHistory() {
        return runningStore().configVersions().history();
    }

    /**
     * Directory and mapping administration: browse groups and users, preview a user's access, plan and apply
     * mapping changes, list upstream roles, watcher health. Fails with {@link EngineException} when this engine
     * does not use directory authentication.
     */
    public EngineDirectory directory() {
        return directoryFacade;
    }

    /** The audit history: pages, counts, chain verification, export. Fails when the engine is not running. */
    public EngineAudit audit() {
        return auditFacade;
    }

    /** Configuration versions: history, diff, validation, save, rollback, the configuration a restart runs. */
    public EngineSettings settings() {
        return settingsFacade;
    }

    private Store runningStore() {
        Store s = store;
        if (s == null) {
            throw new EngineException("the engine is not running");
        }
        return s;
    }

    /**
     * {@link #cancelQuery(long)} on behalf of {@code who}, a console administrator (else {@link PermissionDenied});
     * audited before the cancel is sent. Blocks for the audit commit: call off any UI thread.
     */
    public CompletableFuture<Boolean> cancelQuery(long sessionId, ConsoleIdentity who) {
        String admin = authorize(who, "cancel the running query of session " + sessionId,
                ConsoleAuthority.Effect.REVOKES).username();
        Session s = registry.get(sessionId);
        if (s == null) {
            return CompletableFuture.completedFuture(false);
        }
        recordAdminAction(admin, "cancel the running query of session " + sessionId, s);
        return cancelQuery(sessionId);
    }

    /** Sends a CancelRequest for the session's running query upstream; completes with false when none ran. */
    public CompletableFuture<Boolean> cancelQuery(long sessionId) {
        Session s = registry.get(sessionId);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (s == null) {
            result.complete(false);
            return result;
        }
        context.cancels().cancelRunningQuery(s).addListener(f -> {
            if (f.isSuccess()) {
                result.complete((Boolean) f.getNow());
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** Subscribes to per-second throughput samples; close the returned handle to stop. */
    public AutoCloseable onThroughput(Consumer<ThroughputSample> listener) {
        if (sampler == null) {
            throw new EngineException("the engine is not running");
        }
        return sampler.subscribe(listener);
    }

    /** Where the admin endpoint (/metrics, /health) listens, when {@code admin.enabled}. */
    public Optional<InetSocketAddress> adminAddress() {
        io.rolegate.engine.admin.AdminEndpoint a = admin;
        return a == null ? Optional.empty() : Optional.of(a.address());
    }

    /**
     * Login durations inside the proxy, and the server connections of directory users kept for their next login
     * ({@code upstream.keepIdle}): how many wait now, how many logins were given one since start. For /metrics.
     */
    public LoginMetrics loginMetrics() {
        var kept = registry.keptConnections();
        var times = registry.loginTimes();
        return new LoginMetrics(times.histogram(), times.microsTotal(), kept.idle(), kept.reused());
    }

    /** Engine-wide counters and gauges, monotonic across sessions ending (what /metrics serves). */
    public EngineMetrics metrics() {
        return metrics.collect();
    }

    /**
     * Seals secrets given literally (a YAML file, the console's settings view) into the store under the master
     * key, audited first with the admin's identity; names are configuration keys such as
     * {@code directory.bindPassword} ({@link io.rolegate.engine.config.SecretFields}). Never exported or shown.
     */
    public List<String> storeSecrets(Map<String, Secret> secrets, ConsoleIdentity who) {
        String admin = authorize(who, "store secrets", ConsoleAuthority.Effect.GRANTS).username();
        return EngineStore.storeSecrets(runningStore(), dataDir, secrets, admin);
    }

    /** Seals the configuration file's literal secrets, in the name of the operating-system user running the engine. */
    private void sealLiteralSecrets() {
        if (literalSecrets.isEmpty()) {
            return;
        }
        try {
            EngineStore.storeSecrets(store, dataDir, literalSecrets, System.getProperty("user.name", "rolegate"));
        } catch (EngineException e) {
            // the engine runs on the secrets it was given; only keeping them sealed failed
            log.error("could not store the configuration's literal secrets encrypted: {}", e.getMessage());
        }
    }

    /**
     * Copies the running engine's embedded store into a new zip file ({@code org.h2.tools.Restore} restores it),
     * audited first as an admin action of {@code admin}. A PostgreSQL store is refused: back it up with pg_dump.
     */
    public void backupStore(Path zip, ConsoleIdentity who) {
        EngineStore.backup(runningStore(), zip, authorize(who, "back up the store", ConsoleAuthority.Effect.GRANTS)
                .username());
    }

    /** The directory's pool, binds, searches, login cache and watcher; empty unless auth.mode is directory. */
    public Optional<DirectoryMetrics> directoryMetrics() {
        DirectoryMode d = state == EngineState.RUNNING ? directoryMode : null;
        return d == null ? Optional.empty() : Optional.of(d.metrics());
    }

    /** The audit writer's queue, commits and latency, and query capture's counts; empty unless running. */
    public Optional<StoreMetrics> storeMetrics() {
        Store s = state == EngineState.RUNNING ? store : null;
        return s == null || audit == null ? Optional.empty() : Optional.of(EngineStore.metrics(s, audit));
    }

    /** The last 15 minutes of per-second samples, oldest first. */
    public List<ThroughputSample> throughputHistory() {
        return sampler == null ? List.of() : sampler.history();
    }

    private ThroughputSampler.Totals totals() {
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

    /**
     * {@link #stop(Duration)} on behalf of {@code who}, a console administrator (else {@link PermissionDenied});
     * audited with the number of live sessions it ends.
     */
    public void stop(Duration grace, ConsoleIdentity who) {
        String admin = authorize(who, "stop the engine", ConsoleAuthority.Effect.REVOKES).username();
        if (state == EngineState.RUNNING) {
            recordAdminAction(admin, "stop the engine (" + registry.live().size() + " live sessions)", null);
        }
        stop(grace);
    }

    /**
     * Stops: closes the listener, lets live sessions finish for {@code grace}, then terminates the rest with
     * 57P01. Blocks until done. Safe to call twice.
     */
    public synchronized void stop(Duration grace) {
        if (state != EngineState.RUNNING) {
            return;
        }
        state(EngineState.STOPPING);
        listener.close().syncUninterruptibly();
        int waiting = registry.live().size();
        if (waiting > 0) {
            log.info("stopping: waiting up to {} s for {} session(s) to end", grace.toSeconds(), waiting);
        }
        awaitNoConnections(grace);
        for (Session s : registry.live()) {
            s.terminate(DisconnectReason.SHUTDOWN, "rolegate: the proxy is shutting down");
        }
        awaitNoConnections(Duration.ofSeconds(5));
        registry.keptConnections().closeAll();
        registry.keptConnections(io.rolegate.engine.session.KeptConnections.NONE);
        sampler.close();
        shutdownLoops();
        closeStore();
        state(EngineState.STOPPED);
        log.info("stopped");
    }

    private void awaitNoConnections(Duration limit) {
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

    private void shutdownLoops() {
        for (EventLoopGroup g : new EventLoopGroup[]{acceptors, workers}) {
            if (g != null) {
                g.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    /**
     * The operator running the engine process as a console identity, for a console in front of an engine that has
     * no console logins (passthrough, or no {@code console.adminGroup} or {@code readOnlyGroup}): whoever runs the
     * process holds every right then. Refused ({@link PermissionDenied}) in directory mode with console groups
     * configured: log in with the directory.
     */
    public ConsoleIdentity operator(String osUser) {
        if (config().auth().mode() == AuthMode.DIRECTORY && consoleLoginsConfigured()) {
            throw new PermissionDenied("console logins are configured (console.adminGroup): log in with a directory"
                    + " account");
        }
        return authority.issue(new ConsoleIdentity(osUser, "", osUser, true,
                "runs the engine, which has no console logins configured"));
    }

    /** Whether console users log in with their directory account (console groups are configured). */
    public boolean consoleLoginsConfigured() {
        var c = config().console();
        return c.adminGroup() != null || c.readOnlyGroup() != null;
    }

    /** Ends {@code who}'s login: later actions in their name are refused. Audited when the engine is running. */
    public void logout(ConsoleIdentity who) {
        if (!authority.logout(who)) {
            return;
        }
        Store s = state == EngineState.RUNNING ? store : null;
        if (s != null) {
            s.audit().append(AuditEvent.of(AuditEventType.CONSOLE_LOGOUT, "console logout: " + who.username())
                    .withActor(who.username()).withUser(who.username()));
        }
    }

    ConsoleIdentity authorize(ConsoleIdentity who, String action, ConsoleAuthority.Effect effect) {
        DirectoryMode d = directoryMode;
        Store s = store;
        ConsoleAuthority.Recheck recheck = d == null ? null
                : w -> ConsoleLogins.levelNow(d.directory(), config().console(), w);
        return authority.require(who, action, effect, recheck, () -> s == null ? null : s.audit());
    }

    @Override
    public void close() {
        stop(config.limits().shutdownGrace());
    }
}
