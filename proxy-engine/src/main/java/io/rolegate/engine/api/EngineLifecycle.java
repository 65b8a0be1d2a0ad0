package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.AuditedConfigChange;
import io.rolegate.engine.store.Store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's lifecycle behind the {@link Engine} facade: start (which configuration runs — {@link ConfigAtStart} —
 * then the runtime's parts and the engine's own steps), stop, drain, the state and who hears it, and the
 * configuration in force. Thread-safe: start and stop are serialised; the rest reads volatile fields.
 */
final class EngineLifecycle {
    /** What the engine's start wires in from the facade's rooms. */
    record Wiring(EngineSettings settings, SessionControl sessions,
                  Supplier<Map<Long, java.time.Instant>> queryStarts, Authorizer authorizer,
                  Map<String, Secret> literalSecrets, EngineRuntime.Metrics metrics) {
    }

    /** The start configuration: the file (or the console's start settings), or the store's version on a restart. */
    private final RolegateConfig config;
    /** False for a restart from the console, which runs a stored version: it keeps the file's record as it is. */
    private final boolean fromFile;
    private final Path dataDir;
    private final SessionRegistry registry;
    /** The configuration in force: the start configuration, then as mapping changes and live versions leave it. */
    private volatile RolegateConfig running;
    private volatile EngineRuntime runtime;
    private volatile EngineState state = EngineState.NEW;
    /** Who asked for the stop under way (its sessions' end records name them); null: the engine itself. */
    private volatile String stoppedBy;
    private final List<Consumer<EngineState>> stateListeners = new CopyOnWriteArrayList<>();
    /** The configuration version in force since the start (0: none); live versions are taken from above it. */
    private volatile int startVersion;

    EngineLifecycle(RolegateConfig config, boolean fromFile, Path dataDir, SessionRegistry registry) {
        this.config = config;
        this.fromFile = fromFile;
        this.dataDir = dataDir;
        this.registry = registry;
    }

    synchronized void start(ConsoleIdentity starter, Wiring w) {
        if (state != EngineState.NEW) {
            throw new EngineException("the engine was already started (state " + state + ")");
        }
        state(EngineState.STARTING);
        try {
            runtime = EngineRuntime.open(config, this::config, dataDir, registry, r -> {
                runtime = r;
                RolegateConfig inForce = configAtStart(r.store, w.settings());
                EngineStore.anchorAudit(r.store, dataDir);
                return inForce;
            }, r -> {
                r.live(LiveConfig.start(r.store, this::config, c -> running = c, w.settings()::loadVersion,
                        r.context, r.directoryMode(), startVersion));
                r.fleet(FleetRuntime.start(r.store, registry, r.context, w.sessions(), w.queryStarts(),
                        FleetRuntime.macKey(dataDir), config.fleet().countersEvery()));
                if (starter != null) {
                    String who = w.authorizer().require(starter, "start the engine",
                            ConsoleAuthority.Effect.GRANTS).username();
                    w.sessions().record(who, "start the engine", null);
                }
                EngineStore.sealAtStart(r.store, dataDir, w.literalSecrets());
            }, w.metrics());
            state(EngineState.RUNNING);
        } catch (EngineException e) {
            failStart();
            throw e;
        } catch (RuntimeException e) { // each stage names itself (EngineRuntime.stage); this is what none named
            failStart();
            throw new EngineException("could not start the engine: " + e.getMessage(), e);
        }
    }

    /**
     * Decides which configuration runs (decision 0032), saves the file as the newest version when it wins, audits
     * the decision, and returns the configuration in force. A restart from the console runs the stored version it
     * was given, as before, and leaves the file's record alone.
     */
    private RolegateConfig configAtStart(Store store, EngineSettings settings) {
        if (!fromFile) {
            startVersion = recordConfigVersion(config, ConfigAtStart.AUTHOR, ConfigAtStart.COMMENT, "engine start",
                    settings);
            ConfigAtStart.restartedFromTheConsole(store, startVersion);
            return config;
        }
        ConfigAtStart.Decision d = ConfigAtStart.decide(config, store, dataDir, settings::loadVersion);
        if (d.fileWins()) {
            startVersion = recordConfigVersion(config, ConfigAtStart.AUTHOR, ConfigAtStart.COMMENT, "engine start",
                    settings);
        } else {
            running = d.inForce();
            startVersion = d.latest().orElseThrow().version();
        }
        ConfigAtStart.carryOut(d, store, dataDir, startVersion);
        return config();
    }

    private void failStart() {
        runtime = null;
        state(EngineState.FAILED);
    }

    /** Closes the listener, gives live sessions {@code grace}, ends the rest with 57P01; blocks. Safe twice. */
    synchronized void stop(Duration grace) {
        if (state != EngineState.RUNNING) {
            return;
        }
        state(EngineState.STOPPING);
        runtime.shutdown(grace, registry, stoppedBy);
        state(EngineState.STOPPED);
    }

    void stoppedBy(String who) {
        this.stoppedBy = who;
    }

    /** SIGTERM's stop: /health says "draining" for {@code drainDelay} while still accepting, then the stop. */
    void drainAndStop(Duration drainDelay, Duration grace) {
        EngineRuntime r = runtime;
        if (state == EngineState.RUNNING && r != null) {
            r.drain(drainDelay);
        }
        stop(grace);
    }

    EngineState state() {
        return state;
    }

    AutoCloseable onStateChange(Consumer<EngineState> listener) {
        stateListeners.add(listener);
        return () -> stateListeners.remove(listener);
    }

    private void state(EngineState next) {
        state = next;
        for (Consumer<EngineState> l : stateListeners) {
            l.accept(next);
        }
    }

    /** The runtime while running; empty otherwise. */
    Optional<EngineRuntime> running() {
        return state == EngineState.RUNNING ? Optional.ofNullable(runtime) : Optional.empty();
    }

    /** The runtime as last assembled (also while starting and after the stop), or null. */
    EngineRuntime runtime() {
        return runtime;
    }

    Store runningStore() {
        EngineRuntime r = runtime;
        if (r == null || (state != EngineState.RUNNING && state != EngineState.STARTING)) {
            throw new EngineException("the engine is not running");
        }
        return r.store;
    }

    /** The configuration in force (mapping changes included); also the latest version in the store. */
    RolegateConfig config() {
        RolegateConfig r = running;
        return r == null ? config : r;
    }

    /** The start configuration, as given: what the listener, TLS and store are built from. */
    RolegateConfig startConfig() {
        return config;
    }

    /**
     * Saves {@code c} as a new configuration version when it differs from the latest (audited first); returns the
     * number of the version that holds it (the new one, or the latest when equal).
     */
    int recordConfigVersion(RolegateConfig c, String author, String comment, String via, EngineSettings settings) {
        running = c;
        Store store = runningStore();
        var latest = store.configVersions().latest();
        String yaml = state == EngineState.RUNNING ? settings.onLatest(c, latest) : ConfigWriter.toYaml(c);
        if (latest.isPresent() && latest.get().yaml().equals(yaml)) {
            return latest.get().version();
        }
        ConfigVersion saved = AuditedConfigChange.save(store, yaml, author, comment, "configuration", via);
        settings.saved(saved);
        return saved.version();
    }

    /** Where the listener is (or was, once stopped: a restart asks for the same port). */
    InetSocketAddress listenAddress() {
        EngineRuntime r = runtime;
        if (r == null) {
            throw new EngineException("the engine is not listening (state " + state + ")");
        }
        return r.listenAddress();
    }

}
