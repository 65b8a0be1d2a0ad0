package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConfigApplied;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.config.LiveKeys;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.directory.watch.DirectoryWatcher;
import io.rolegate.engine.session.ProxyContext;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.config.ConfigVersionFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Takes each new latest configuration version on the running engine, once, in version order — whoever saved it:
 * this engine's console or mapping editor (told through {@link ConfigVersionFeed}), or another process writing to
 * the store ({@link ConfigVersionFollower}). Per version: load it with the engine's own loader (a version that does
 * not load is refused and audited, nothing changes); split it into what applies live and what waits for a restart
 * ({@link LiveKeys}); build what the live part needs (a new directory watcher); record {@code CONFIG_APPLIED}
 * durably; then swap — the configuration in force, the per-connection limits, the access rules, the watcher — and
 * re-decide every live session under the new rules, ending those now refused with 57P01 naming the version.
 */
final class LiveConfig implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);
    private static final int OUTCOMES_KEPT = 64;

    private final Store store;
    private final Supplier<RolegateConfig> running;
    private final Consumer<RolegateConfig> inForce;
    private final Function<String, RolegateConfig> loader;
    private final ProxyContext context;
    private final DirectoryMode directory;
    private final Map<Integer, ConfigApplied> outcomes = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, ConfigApplied> eldest) {
            return size() > OUTCOMES_KEPT;
        }
    };
    private int applied;
    private boolean closed;
    private ConfigVersionFollower follower;

    private LiveConfig(Store store, Supplier<RolegateConfig> running, Consumer<RolegateConfig> inForce,
                       Function<String, RolegateConfig> loader, ProxyContext context, DirectoryMode directory) {
        this.store = store;
        this.running = running;
        this.inForce = inForce;
        this.loader = loader;
        this.context = context;
        this.directory = directory;
    }

    /**
     * Starts taking versions above {@code startVersion}, the one the engine runs since its start (decision 0032): a
     * version another node saved while this engine started is taken as soon as the follower sees it. {@code
     * directory} is null in passthrough mode.
     */
    static LiveConfig start(Store store, Supplier<RolegateConfig> running, Consumer<RolegateConfig> inForce,
                            Function<String, RolegateConfig> loader, ProxyContext context, DirectoryMode directory,
                            int startVersion) {
        LiveConfig live = new LiveConfig(store, running, inForce, loader, context, directory);
        live.applied = startVersion;
        live.follower = ConfigVersionFollower.start(store.connections(), live.applied, latest -> live.catchUp());
        return live;
    }

    /** What became of {@code version} on this engine, when it was one of the last versions taken. */
    synchronized Optional<ConfigApplied> outcome(int version) {
        return Optional.ofNullable(outcomes.get(version));
    }

    /** The version taken last (or in force at start). */
    synchronized int appliedVersion() {
        return applied;
    }

    /**
     * Takes every version above the last one taken, oldest first. Returns false when one could not be recorded in
     * the audit (then it and later ones stay untaken, and the next call tries again).
     */
    synchronized boolean catchUp() {
        if (closed) {
            return true;
        }
        for (ConfigVersion v : store.configVersions().after(applied)) {
            ConfigApplied outcome;
            try {
                outcome = take(v);
            } catch (RuntimeException e) {
                log.error("configuration version {} could not be taken: {}; trying again at the next check",
                        v.version(), e.getMessage(), e);
                return false;
            }
            applied = v.version();
            outcomes.put(v.version(), outcome);
            log.info("configuration version {}: {}", v.version(), outcome.describe());
        }
        return true;
    }

    private ConfigApplied take(ConfigVersion v) {
        RolegateConfig next;
        try {
            next = loader.apply(v.yaml());
        } catch (ConfigException e) {
            return refuse(v, e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        } catch (RuntimeException e) {
            return refuse(v, String.valueOf(e.getMessage()));
        }
        LiveKeys.Split split = LiveKeys.split(running.get(), next);
        RolegateConfig after = split.inForce();
        DirectoryWatcher watcher = null;
        if (directory != null && split.changes("directory")) {
            try {
                watcher = directory.prepareWatcher(after.directory());
            } catch (RuntimeException e) {
                return refuse(v, "the directory watcher for its settings cannot be built: " + e.getMessage());
            }
        }
        ConfigApplied outcome = new ConfigApplied(v.version(), true, split.live(), split.restart(), null);
        try {
            record(AuditEventType.CONFIG_APPLIED, v, outcome.describe(), AuditDetails.create()
                    .put("live", split.live()).put("restart", split.restart()));
        } catch (RuntimeException e) {
            if (watcher != null) {
                watcher.stop(); // never started: releases nothing but says so
            }
            throw e;
        }
        inForce.accept(after);
        context.limits(after.limits());
        if (directory != null) {
            directory.takeLive(after.access(), after.directory(), watcher);
            if (split.changes("mappings") || split.changes("policies")) {
                directory.reevaluateLive("configuration version " + v.version());
            }
        }
        return outcome;
    }

    private ConfigApplied refuse(ConfigVersion v, String why) {
        ConfigApplied outcome = ConfigApplied.refused(v.version(), why);
        record(AuditEventType.CONFIG_REFUSED, v, outcome.describe(), AuditDetails.create().put("problems", why));
        return outcome;
    }

    /** One durable record per version; the engine is the actor, the version's author is named in it. */
    private void record(AuditEventType type, ConfigVersion v, String what, AuditDetails details) {
        String message = "configuration version " + v.version() + " by " + v.author()
                + (v.comment().isBlank() ? "" : " (" + v.comment() + ")") + ": " + what;
        store.audit().appendDurably(AuditEvent.of(type, message).withActor("rolegate").withDetails(details
                .put("version", v.version()).put("author", v.author()).put("comment", v.comment())),
                "configuration version " + v.version() + " was not taken");
    }

    /** Stops following; a version being taken finishes first. */
    @Override
    public void close() {
        if (follower != null) {
            follower.close();
            ConfigVersionFollower.Stats st = follower.stats();
            log.info("configuration follower: {} checks of the latest version, {} ns each on average, {}"
                    + " notifications, {} reconnects", st.checks(), st.checks() == 0 ? 0
                    : st.checkNanos() / st.checks(), st.notifications(), st.reconnects());
        }
        synchronized (this) {
            closed = true;
        }
    }
}
