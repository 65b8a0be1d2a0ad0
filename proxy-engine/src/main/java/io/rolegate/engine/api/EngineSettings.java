package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;

import io.rolegate.engine.config.ConfigLoader;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.AuditedConfigChange;
import io.rolegate.engine.api.model.ConfigApplied;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.LineDiff;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The configuration side of the facade ({@link Engine#settings()}): what the console's settings view reads and
 * changes. A saved version is taken by the running engine at once: what can change live does (mappings, policies,
 * console groups, the directory watcher's settings, the plain per-connection limits), the rest waits for the next
 * start ({@link #applied(int)} says which is which; see {@link io.rolegate.engine.config.LiveKeys}).
 *
 * <p>Stored versions never hold a secret's value, only {@code ${ROLEGATE_...}} references (see {@link ConfigWriter}).
 * Those resolve, in this order, to a secret the person just typed ({@code typed}, keyed by variable name), the
 * running engine's secret, then the process environment. So an empty password field means "keep the secret in
 * force". Every call is blocking (H2, file reads): call from background tasks.
 */
public final class EngineSettings implements SettingsAdmin {
    /** The variable that stands for the directory service account's password in stored versions. */
    public static final String DIRECTORY_PASSWORD = ConfigWriter.LDAP_PASSWORD_VARIABLE;
    /** The variable that stands for the upstream admin role's password in stored versions. */
    public static final String UPSTREAM_ADMIN_PASSWORD = ConfigWriter.ADMIN_PASSWORD_VARIABLE;
    private static final String VIA = "console";

    private final Supplier<RolegateConfig> running;
    private final Supplier<Store> store;
    private final Supplier<Path> dataDir;
    private final Authorizer authorizer;
    private final ConfigVersionFeed versions = new ConfigVersionFeed();
    private volatile java.util.function.IntFunction<java.util.Optional<ConfigApplied>> outcomes =
            v -> java.util.Optional.empty();

    /** Ends a subscription; closing twice is harmless. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    EngineSettings(Supplier<RolegateConfig> running, Supplier<Store> store, Supplier<Path> dataDir,
                   Authorizer authorizer) {
        this.running = running;
        this.store = store;
        this.dataDir = dataDir;
        this.authorizer = authorizer;
    }

    /**
     * Over a store directly, for tools and tests that hold the store (and so every right) themselves: changes are
     * made in the name of whoever is passed, with no login behind it.
     */
    public static EngineSettings over(RolegateConfig running, Store store, Path dataDir) {
        return new EngineSettings(() -> running, () -> store, () -> dataDir, (who, action, effect) -> who);
    }

    /**
     * Calls {@code listener} with every configuration version saved through this engine from now on (settings,
     * rollbacks, imports, mapping changes), on the thread that saved it, once the version is stored.
     */
    @Override
    public Subscription onNewVersion(java.util.function.Consumer<ConfigVersion> listener) {
        return versions.subscribe(listener);
    }

    /** A version was saved by another room of the engine (a mapping change): tell the listeners. */
    void saved(ConfigVersion version) {
        versions.saved(version);
    }

    /** Where the running engine looks up what became of a version it took. */
    void outcomes(java.util.function.IntFunction<java.util.Optional<ConfigApplied>> lookup) {
        this.outcomes = lookup;
    }

    /**
     * What the running engine did with {@code version}: the keys applied at once and those that wait for a restart,
     * or why it refused it. Empty when this engine did not take it (it was in force at start, or the engine is not
     * running). A version saved through this engine is taken before {@link #save} returns.
     */
    @Override
    public java.util.Optional<ConfigApplied> applied(int version) {
        return outcomes.apply(version);
    }

    /**
     * The keys in which the latest stored version differs from the configuration in force and that wait for a
     * restart (listener, TLS, upstream, store, directory connection, ...); empty when a restart would change nothing.
     */
    @Override
    public List<String> waitingForRestart(Map<String, Secret> typed) {
        var latest = store.get().configVersions().latest();
        if (latest.isEmpty()) {
            return List.of();
        }
        try {
            return io.rolegate.engine.config.LiveKeys.split(running.get(), load(latest.get().yaml(), typed)).restart();
        } catch (io.rolegate.engine.api.model.ConfigException e) {
            // a version that does not load is refused by the engine, which says so in the audit and in applied()
            return List.of();
        }
    }

    /** Stored versions, newest first. */
    @Override
    public List<ConfigVersion> history() {
        return store.get().configVersions().history();
    }

    /** The latest stored version's YAML: what the next engine start runs. */
    @Override
    public String latestYaml() {
        return store.get().configVersions().latest().map(ConfigVersion::yaml).orElseGet(this::runningYaml);
    }

    /** The configuration in force, as a stored version would hold it. */
    public String runningYaml() {
        return ConfigWriter.toYaml(running.get());
    }

    /** Where this engine keeps its store, keys and certificates. */
    @Override
    public Path dataDirectory() {
        return dataDir.get();
    }

    /** A unified diff from {@code version} to the configuration in force; empty when they are equal. */
    @Override
    public String diffAgainstRunning(int version) {
        ConfigVersion v = store.get().configVersions().get(version)
                .orElseThrow(() -> new EngineException("there is no configuration version " + version));
        return LineDiff.unified(v.yaml(), runningYaml(), "version " + version, "running");
    }

    /**
     * Validates {@code yaml} with the engine's own loader; throws {@link io.rolegate.engine.api.model.ConfigException}
     * listing every problem with its key path.
     */
    public Configuration check(String yaml, Map<String, Secret> typed) {
        return Configuration.of(load(yaml, typed));
    }

    /**
     * The YAML to save for a mapping change on the running engine: the latest stored version with the mappings of
     * {@code inForce}, so settings that wait there for a restart stay in the newest version; the configuration in
     * force when the latest does not load (the engine refused it).
     */
    String onLatest(RolegateConfig inForce, java.util.Optional<ConfigVersion> latest) {
        if (latest.isEmpty()) {
            return ConfigWriter.toYaml(inForce);
        }
        try {
            RolegateConfig l = loadVersion(latest.get().yaml());
            return ConfigWriter.toYaml(l.withAccess(l.access().withMappings(inForce.access().mappings())));
        } catch (io.rolegate.engine.api.model.ConfigException e) {
            return ConfigWriter.toYaml(inForce);
        }
    }

    /** A stored version as this engine would run it: its own loader, the secrets in force, the data directory. */
    RolegateConfig loadVersion(String yaml) {
        return load(yaml, Map.of());
    }

    private RolegateConfig load(String yaml, Map<String, Secret> typed) {
        return ConfigLoader.forConsole(secrets(typed)).load(yaml, "the settings", dataDir.get());
    }

    @Override
    public void validate(String yaml, Map<String, Secret> typed) {
        check(yaml, typed);
    }

    @Override
    public String testDirectory(String yaml, Map<String, Secret> typed) {
        Configuration c = check(yaml, typed);
        if (!c.hasDirectory()) {
            throw new EngineException("No directory is configured: fill in at least the URLs and both base DNs.");
        }
        return ConnectionChecks.directory(c);
    }

    @Override
    public String testUpstream(String yaml, Map<String, Secret> typed) {
        return ConnectionChecks.upstream(check(yaml, typed));
    }

    /** Validates, then saves {@code yaml} (normalised, secrets as references) as a new audited version. */
    @Override
    public ConfigVersion save(String yaml, Map<String, Secret> typed, ConsoleIdentity who, String comment) {
        String author = authorizer.require(who, "save the settings", ConsoleAuthority.Effect.GRANTS).username();
        String normalised = ConfigWriter.toYaml(load(yaml, typed));
        Store s = store.get();
        var latest = s.configVersions().latest();
        if (latest.isPresent() && latest.get().yaml().equals(normalised)) {
            throw new EngineException("nothing to save: the settings equal configuration version "
                    + latest.get().version());
        }
        try {
            return versions.saved(AuditedConfigChange.save(s, normalised, author, comment, "configuration", VIA));
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** Saves the content of {@code version} as a new audited version, taken by the running engine like a save. */
    @Override
    public ConfigVersion rollback(int version, ConsoleIdentity who, String comment) {
        String author = authorizer.require(who, "roll the settings back to version " + version,
                ConsoleAuthority.Effect.GRANTS).username();
        try {
            return versions.saved(AuditedConfigChange.rollback(store.get(), version, author, comment, VIA));
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** The latest stored version, loaded with its secrets: the configuration a restart runs. */
    public Configuration nextStartConfig(Map<String, Secret> typed) {
        return Configuration.of(ConfigLoader.forConsole(secrets(typed)).load(latestYaml(), "the latest configuration version",
                dataDir.get()));
    }

    private Function<String, String> secrets(Map<String, Secret> typed) {
        RolegateConfig now = running.get();
        return name -> {
            Secret t = typed.get(name);
            if (t != null && !t.isEmpty()) {
                return new String(t.chars());
            }
            if (DIRECTORY_PASSWORD.equals(name) && now.directory() != null && !now.directory().bindPassword().isEmpty()) {
                return new String(now.directory().bindPassword().chars());
            }
            if (UPSTREAM_ADMIN_PASSWORD.equals(name) && now.upstream().admin() != null) {
                return new String(now.upstream().admin().password().chars());
            }
            var webhook = io.rolegate.engine.config.SecretFields.webhookSecret(now, name);
            if (webhook.isPresent()) {
                return new String(webhook.get().chars());
            }
            // only a secret field's own variable gets here (ConfigLoader.forConsole): the operator's environment
            return System.getenv(name);
        };
    }
}
