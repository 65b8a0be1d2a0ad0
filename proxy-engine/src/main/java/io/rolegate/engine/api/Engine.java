package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.DirectoryMetrics;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.EngineMetrics;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.LoginMetrics;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.SessionEnd;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.StoreMetrics;
import io.rolegate.engine.api.model.ThroughputSample;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.Store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The facade: the one type the console and the headless runner start from. It offers the engine's lifecycle (start,
 * stop, state; kept by {@link EngineLifecycle}) and hands out the rooms of the door — {@link #directory()},
 * {@link #settings()}, {@link #audit()} — plus the live sessions and metrics. The parts of a running engine are assembled by {@link EngineRuntime}; who may
 * change what is decided by {@link ConsoleAuthority} (decision 0014). Thread-safe; nothing here runs on an event
 * loop, and nothing here blocks one.
 */
public final class Engine implements AutoCloseable {
    private final Path dataDir;
    /** Secrets the configuration file held literally: sealed into the store at start. */
    private final Map<String, Secret> literalSecrets;
    private final SessionRegistry registry = new SessionRegistry();
    private final EngineLifecycle lifecycle;
    private final ConsoleAuthority authority = new ConsoleAuthority(
            () -> ConsoleAccess.recheck(runtime(), this::config), this::auditLog);
    private final ConsoleAccess console = new ConsoleAccess(authority, this::config, () -> runtime());
    /** Registers itself on the registry; reads the store only while running (never a closed one). */
    private final EngineMetricsCollector metrics = new EngineMetricsCollector(registry, this::state,
            () -> running().map(r -> r.store).orElse(null));
    private final SessionControl sessions = new SessionControl(registry, this::auditLog,
            () -> runtime().context);
    private final EngineDirectory directoryFacade = new EngineDirectory(this::directoryMode, this::config,
            this::recordConfigVersion, () -> runningStore().audit(), authority, this::authorize);
    private final SessionActivityReader activity = new SessionActivityReader(registry,
            () -> running().map(EngineRuntime::monitors).orElse(java.util.Map.of()), () -> config().access().queryCapture());
    private final EngineFleet fleetFacade = new EngineFleet(registry, sessions,
            () -> runtime() == null ? null : runtime().fleet(), this::authorize);
    private final EngineAudit auditFacade = new EngineAudit(() -> runningStore().audit(), authority::loggedIn);
    private final EngineTraces tracesFacade = new EngineTraces(registry, this::auditLog, authority::requireAuditor,
            authority::audits, authority::nameOf, () -> config().access().queryCapture());
    private final EngineSettings settingsFacade = new EngineSettings(this::config, this::runningStore,
            this::dataDirectory, this::authorize);

    /**
     * An engine for {@code configuration}, keeping its store, keys and certificates in {@code dataDir}. At start the
     * configuration wins only when it changed since this data directory last started with it; otherwise the store's
     * latest version applies (decision 0032).
     */
    public Engine(Configuration configuration, Path dataDir) {
        this(configuration.config(), dataDir, configuration.literalSecrets(), true);
    }

    public Engine(RolegateConfig config, Path dataDir) {
        this(config, dataDir, Map.of(), true);
    }

    public Engine(RolegateConfig config) {
        this(config, EngineFiles.defaultDataDir());
    }

    private Engine(RolegateConfig config, Path dataDir, Map<String, Secret> literalSecrets, boolean fromFile) {
        this.dataDir = dataDir;
        this.literalSecrets = Map.copyOf(literalSecrets);
        this.lifecycle = new EngineLifecycle(config, fromFile, dataDir, registry);
        // a version saved through this engine is taken at once, on the saving thread (decision: settings apply live)
        settingsFacade.onNewVersion(v -> running().map(EngineRuntime::live).ifPresent(LiveConfig::catchUp));
        settingsFacade.outcomes(v -> running().map(EngineRuntime::live).flatMap(l -> l.outcome(v)));
    }

    /**
     * A new engine for {@code next} on this data directory knowing this one's console logins (a restart from the
     * console): it runs {@code next}, a stored version, and leaves the configuration file's record alone.
     */
    public Engine successor(Configuration next) {
        Engine e = new Engine(next.config(), dataDir, next.literalSecrets(), false);
        authority.handOver(e.authority);
        return e;
    }

    /** Binds the listener; throws {@link EngineException} with a readable message when it cannot. */
    public void start() {
        startAs(null);
    }

    /** Starts for {@code who}, an administrator by the directory's word now (else {@link PermissionDenied}). */
    public void start(ConsoleIdentity who) {
        startAs(Objects.requireNonNull(who, "who"));
    }

    private void startAs(ConsoleIdentity starter) {
        lifecycle.start(starter, new EngineLifecycle.Wiring(settingsFacade, sessions, activity::queryStarts,
                this::authorize, literalSecrets, new EngineRuntime.Metrics(this::metrics, this::directoryMetrics,
                this::storeMetrics, this::loginMetrics, this::state)));
    }

    /** {@link #stop(Duration)} for {@code who}, an administrator (else {@link PermissionDenied}); audited first. */
    public void stop(Duration grace, ConsoleIdentity who) {
        String admin = authorize(who, "stop the engine", ConsoleAuthority.Effect.REVOKES).username();
        if (state() == EngineState.RUNNING) {
            lifecycle.stoppedBy(sessions.recordStop(admin, "stop the engine", registry.live().size()));
        }
        stop(grace);
    }

    /**
     * Stops because {@code who} quits the console, which needs no right (closing the window always could): audited
     * in their name, or "operator" for a value the engine did not issue; an audit failure does not keep it running.
     */
    public void quit(Duration grace, ConsoleIdentity who) {
        if (state() == EngineState.RUNNING) {
            lifecycle.stoppedBy(sessions.recordQuit(authority.nameOf(who), registry.live().size()));
        }
        stop(grace);
    }

    /** Closes the listener, gives live sessions {@code grace}, ends the rest with 57P01; blocks. Safe twice. */
    public void stop(Duration grace) {
        lifecycle.stop(grace);
    }

    /** SIGTERM's stop: /health says "draining" for {@code drainDelay} while still accepting, then the stop. */
    public void drainAndStop(Duration drainDelay, Duration grace) {
        lifecycle.drainAndStop(drainDelay, grace);
    }

    @Override
    public void close() {
        stop(lifecycle.startConfig().limits().shutdownGrace());
    }

    public EngineState state() { return lifecycle.state(); }

    /** Hears every state change (called on the thread that made it; don't block). Close the handle to stop. */
    public AutoCloseable onStateChange(Consumer<EngineState> listener) {
        return lifecycle.onStateChange(listener);
    }

    private Optional<EngineRuntime> running() {
        return lifecycle.running();
    }

    /** The runtime as last assembled (also while starting and after the stop), or null. */
    private EngineRuntime runtime() {
        return lifecycle.runtime();
    }

    private Store runningStore() {
        return lifecycle.runningStore();
    }

    /** The audit log of the store this engine opened (also while starting), or null. */
    private io.rolegate.engine.store.audit.AuditLog auditLog() {
        EngineRuntime r = runtime();
        return r == null ? null : r.store.audit();
    }

    private DirectoryMode directoryMode() {
        EngineRuntime r = runtime();
        return r == null ? null : r.directoryMode();
    }

    /** The configuration in force (mapping changes included), as the console and the CLI see it. */
    public Configuration configuration() {
        return Configuration.of(config());
    }

    /** The configuration in force (mapping changes included); also the latest version in the store. */
    public RolegateConfig config() {
        return lifecycle.config();
    }

    /** Saves {@code c} as a new configuration version when it differs from the latest (audited first). */
    private void recordConfigVersion(RolegateConfig c, String author, String comment, String via) {
        lifecycle.recordConfigVersion(c, author, comment, via, settingsFacade);
    }

    /** Where the listener is (or was, once stopped: a restart asks for the same port). */
    public InetSocketAddress listenAddress() {
        return lifecycle.listenAddress();
    }

    /** Where this engine keeps its store, keys and certificates. */
    public Path dataDirectory() { return dataDir; }

    /** Directory and mapping administration; fails with {@link EngineException} without directory auth. */
    public EngineDirectory directory() { return directoryFacade; }

    /** The audit history: records, pages, counts, chain verification, export. Fails when the engine is not running. */
    public EngineAudit audit() { return auditFacade; }

    /** Session recordings (policies.record): search, timeline, export; each call needs the auditor permission. */
    public EngineRecordings recordings() { return new EngineRecordings(this::runningStore, authority::requireAuditor); }

    /** Configuration versions: history, diff, check, save, roll back; a new version is taken live (see LiveKeys). */
    public EngineSettings settings() { return settingsFacade; }

    /** Every node's live sessions, and disconnect/cancel of any of them (decision 0028); on H2 just this engine. */
    public EngineFleet fleet() { return fleetFacade; }

    /** Client connections open now, including those still in startup and cancel requests. */
    public int openConnections() { return registry.openConnections(); }

    /** Live sessions (past their StartupMessage), oldest first. */
    public List<SessionSnapshot> sessions() { return sessions.live(); }

    public Optional<SessionSnapshot> session(long id) {
        return sessions.one(id);
    }

    /** Hears each session's end (reason, final counters) on its event loop: never block. Close the handle to stop. */
    public AutoCloseable onSessionEnded(Consumer<SessionEnd> listener) {
        return sessions.onEnded(listener);
    }

    /** Finished sessions matching the query. */
    public List<SessionRecord> sessionHistory(SessionQuery query) {
        return runningStore().sessionHistory().query(query);
    }

    /** Ends a session with FATAL 57P01 and the given reason, as the engine itself; false when no such session. */
    public boolean disconnect(long sessionId, String reason) {
        return sessions.end(sessionId, reason, "engine");
    }

    /** Ends a session with 57P01 for {@code who}, an administrator (else {@link PermissionDenied}); audited first. */
    public boolean disconnect(long sessionId, String reason, ConsoleIdentity who) {
        return sessions.end(sessionId, reason,
                authorize(who, "disconnect session " + sessionId, ConsoleAuthority.Effect.REVOKES).username());
    }

    /** pg_stat_activity facts of the live sessions, ≤ 1 s old, never blocking; statements whole for admins only. */
    public io.rolegate.engine.api.model.UpstreamActivity upstreamActivity(ConsoleIdentity viewer) {
        return activity.read(authority.administers(viewer));
    }

    /** Sends a CancelRequest for the session's running query upstream; completes with false when none ran. */
    public CompletableFuture<Boolean> cancelQuery(long sessionId) {
        return sessions.cancel(sessionId);
    }

    /** {@link #cancelQuery(long)} for {@code who}, an administrator (else {@link PermissionDenied}); audited first. */
    public CompletableFuture<Boolean> cancelQuery(long sessionId, ConsoleIdentity who) {
        return sessions.cancel(sessionId, authorize(who, "cancel the running query of session " + sessionId,
                ConsoleAuthority.Effect.REVOKES).username());
    }

    /** Subscribes to per-second throughput samples; close the returned handle to stop. */
    public AutoCloseable onThroughput(Consumer<ThroughputSample> listener) {
        return running().orElseThrow(() -> new EngineException("the engine is not running")).sampler()
                .subscribe(listener);
    }

    /** The last 15 minutes of per-second samples, oldest first. */
    public List<ThroughputSample> throughputHistory() {
        EngineRuntime r = runtime();
        return r == null || r.sampler() == null ? List.of() : r.sampler().history();
    }

    /** Where the admin endpoint (/metrics, /health) listens, when {@code admin.enabled}. */
    public Optional<InetSocketAddress> adminAddress() {
        EngineRuntime r = runtime();
        return r == null ? Optional.empty() : r.adminAddress();
    }

    /** Login durations in the proxy, and directory users' server connections kept for their next login. */
    public LoginMetrics loginMetrics() {
        return sessions.loginMetrics();
    }

    /** Engine-wide counters and gauges, monotonic across sessions ending (what /metrics serves). */
    public EngineMetrics metrics() {
        return metrics.collect();
    }

    /** The directory's pool, binds, searches, login cache and watcher; empty unless auth.mode is directory. */
    public Optional<DirectoryMetrics> directoryMetrics() {
        return running().map(EngineRuntime::directoryMode).map(DirectoryMode::metrics);
    }

    /** The audit writer's queue, commits and latency, and query capture's counts; empty unless running. */
    public Optional<StoreMetrics> storeMetrics() {
        return running().filter(r -> r.audit() != null).map(r -> EngineStore.metrics(r.store, r.audit(), r.exports()));
    }

    /** Seals secrets (keys such as {@code directory.bindPassword}) into the store, audited first; never shown. */
    public List<String> storeSecrets(Map<String, Secret> secrets, ConsoleIdentity who) {
        String admin = authorize(who, "store secrets", ConsoleAuthority.Effect.GRANTS).username();
        return EngineStore.storeSecrets(runningStore(), dataDir, secrets, admin);
    }

    /** Copies the embedded store into a new zip (org.h2.tools.Restore), audited first; PostgreSQL: pg_dump. */
    public void backupStore(Path zip, ConsoleIdentity who) {
        EngineStore.backup(runningStore(), zip, authorize(who, "back up the store", ConsoleAuthority.Effect.GRANTS)
                .username());
    }

    /** The process's operator as a console identity; {@link PermissionDenied} when console logins exist. */
    public ConsoleIdentity operator(String osUser) {
        return console.operator(osUser);
    }

    /** Protocol traces of live sessions, for auditors. */
    public EngineTraces traces() { return tracesFacade; }

    /** Whether console users log in with their directory account (console groups are configured). */
    public boolean consoleLoginsConfigured() {
        return console.loginsConfigured();
    }

    /** Ends {@code who}'s login: later actions in their name are refused. Audited when the engine is running. */
    public void logout(ConsoleIdentity who) {
        console.logout(who, running().isPresent());
    }

    ConsoleIdentity authorize(ConsoleIdentity who, String action, ConsoleAuthority.Effect effect) {
        return console.authorize(who, action, effect);
    }
}
