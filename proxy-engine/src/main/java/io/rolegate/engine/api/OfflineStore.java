package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditChainResult;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.RetentionResult;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.config.SecretFields;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.store.AuditedConfigChange;
import io.rolegate.engine.store.AuditedSecretChange;
import io.rolegate.engine.store.DataDirectoryProbe;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.audit.AuditAnchors;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.store.secret.StoredSecrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The store of an engine that is not running, for the headless runner's offline commands (audit verify and
 * export, session history, configuration versions, sealing secrets): the narrow part of the store a client may
 * touch without an engine, and nothing else. Failures are {@link EngineException}s in an operator's words.
 */
public final class OfflineStore implements AutoCloseable {
    /** Setting paths of the secrets an import may seal, by the variable an exported configuration names them with. */
    public static final Map<String, String> SEALABLE_SECRETS = Map.of(
            Configuration.DIRECTORY_PASSWORD_VARIABLE, SecretFields.DIRECTORY_BIND_PASSWORD,
            Configuration.UPSTREAM_ADMIN_PASSWORD_VARIABLE, SecretFields.UPSTREAM_ADMIN_PASSWORD);
    /** The environment variable holding the master key (else {@code master.key} in the data directory). */
    public static final String MASTER_KEY_VARIABLE = MasterKey.ENV;

    private final Store store;
    private final EngineAudit audit;

    private OfflineStore(Store store) {
        this.store = store;
        this.audit = EngineAudit.over(store.audit());
    }

    /** The embedded store's file in {@code dataDir} (it may not exist). */
    public static Path dataFile(Path dataDir) {
        return Store.dataFile(dataDir);
    }

    /** Whether a running engine holds {@code dataDir}'s store (it keeps it open exclusively). */
    public static boolean heldByAnEngine(Path dataDir) {
        return DataDirectoryProbe.heldByAnEngine(dataDir);
    }

    /** Opens the embedded store in {@code dataDir} to read it: no chain is adopted or written. */
    public static OfflineStore openDataDirectoryForReading(Path dataDir) {
        return new OfflineStore(Store.openDataDirectory(dataDir, (String) null));
    }

    /** Opens (creating if need be) the embedded store in {@code dataDir}. */
    public static OfflineStore openDataDirectory(Path dataDir) {
        return new OfflineStore(Store.openDataDirectory(dataDir));
    }

    /**
     * Opens the shared PostgreSQL store that {@code configuration} names, when it names one, as the configuration's
     * node ({@code fleet.node}, else the host name): what the command writes goes into that node's audit chain, so it
     * is refused while an engine of that name runs.
     */
    public static Optional<OfflineStore> openShared(Configuration configuration) {
        StoreConfig s = configuration.config().store();
        if (s.isEmbedded()) {
            return Optional.empty();
        }
        String node = configuration.config().fleet().resolvedNode(System::getenv);
        // pgjdbc takes the password as a String; it lives only for the call and is never logged
        return Optional.of(new OfflineStore(Store.openJdbc(s.url(), s.user(), new String(s.password().chars()),
                node, s.poolSize())));
    }

    /**
     * Opens the shared store {@code configuration} names, when it names one, to read it (verify, export, history):
     * no node name is claimed and nothing is written, so this works while every node of the fleet runs.
     */
    public static Optional<OfflineStore> openSharedForReading(Configuration configuration) {
        StoreConfig s = configuration.config().store();
        if (s.isEmbedded()) {
            return Optional.empty();
        }
        return Optional.of(new OfflineStore(Store.openJdbcForReading(s.url(), s.user(),
                new String(s.password().chars()))));
    }

    /** The hash-chained audit: pages, counts, verification, export. */
    public EngineAudit audit() {
        return audit;
    }

    /**
     * Walks the audit chain and compares it with the checkpoints kept outside the store: {@code anchors}, else the
     * file {@code ROLEGATE_AUDIT_ANCHORS} names, else the one in {@code dataDir}; checked with the master key when
     * one is at hand ({@link #MASTER_KEY_VARIABLE} or {@code master.key}), never creating one.
     */
    public VerifyResult verifyAudit(Path dataDir, Optional<Path> anchors, Function<String, String> environment) {
        return store.audit().verify(anchorsFor(dataDir, anchors, environment));
    }

    /**
     * As {@link #verifyAudit}, one result per node's chain (a fleet's shared store holds one chain per node); the
     * checkpoints are compared with the chain of the node that wrote them.
     */
    public List<AuditChainResult> verifyAuditChains(Path dataDir, Optional<Path> anchors,
                                                    Function<String, String> environment) {
        return store.audit().verifyChains(anchorsFor(dataDir, anchors, environment));
    }

    private static AuditAnchors anchorsFor(Path dataDir, Optional<Path> anchors, Function<String, String> environment) {
        Path file = anchors.orElseGet(() -> AuditAnchors.fileFor(dataDir, environment));
        String fromEnv = environment.apply(MasterKey.ENV);
        boolean keyAtHand = (fromEnv != null && !fromEnv.isBlank())
                || Files.exists(dataDir.resolve(MasterKey.DATA_DIR_FILE));
        return new AuditAnchors(file, keyAtHand ? MasterKey.forDataDirectory(dataDir, environment) : null);
    }

    /** Deletes audit records older than {@code cutoff}, leaving an audited cut point the chain verifies across. */
    public CompletableFuture<RetentionResult> retainAuditNewerThan(Instant cutoff, String author) {
        return store.audit().retainNewerThan(cutoff, author);
    }

    /** Keeps the newest {@code rows} audit records. */
    public CompletableFuture<RetentionResult> retainNewestAudit(long rows, String author) {
        return store.audit().retainNewest(rows, author);
    }

    /**
     * Every live node's live sessions as the nodes published them (≤ 1 s old), by node and id; a node that is gone
     * shows none. Only a shared store has them: an embedded store's one engine shows its own in the console.
     */
    public List<io.rolegate.engine.api.model.SessionSnapshot> liveSessions() {
        if (store.dataDirectory() != null) {
            throw new io.rolegate.engine.api.model.EngineException("live sessions are published only to a shared"
                    + " (PostgreSQL) store; for one engine on its data directory use the console or"
                    + " \"rolegate-proxy admin sessions\"");
        }
        return new io.rolegate.engine.store.fleet.FleetSessions(store.connections(), null).live().stream()
                .map(EngineFleet::snapshot).toList();
    }

    public List<SessionRecord> sessionHistory(SessionQuery query) {
        return store.sessionHistory().query(query);
    }

    public List<ConfigVersion> configHistory() {
        return store.configVersions().history();
    }

    public Optional<ConfigVersion> configVersion(int version) {
        return store.configVersions().get(version);
    }

    public Optional<ConfigVersion> latestConfig() {
        return store.configVersions().latest();
    }

    /** Saves {@code yaml} as a new configuration version, audited first. */
    public ConfigVersion saveConfig(String yaml, String author, String comment, String what, String via) {
        return AuditedConfigChange.save(store, yaml, author, comment, what, via);
    }

    /** Saves the content of {@code version} as a new version, audited first. */
    public ConfigVersion rollbackConfig(int version, String author, String comment, String via) {
        return AuditedConfigChange.rollback(store, version, author, comment, via);
    }

    /**
     * Seals {@code secrets} (by setting path) under the master key of {@code dataDir} (created there when neither
     * it nor {@link #MASTER_KEY_VARIABLE} exists), audited first; returns the setting paths sealed and where the
     * key came from.
     */
    public Sealed sealSecrets(Map<String, Secret> secrets, Path dataDir, Function<String, String> environment,
                              String author, String via) {
        MasterKey key = MasterKey.forDataDirectory(dataDir, environment);
        return new Sealed(AuditedSecretChange.store(store, key, secrets, author, via), key.origin());
    }

    /** What {@link #sealSecrets} stored, and where the master key it used came from. */
    public record Sealed(List<String> names, String keyOrigin) {
    }

    /**
     * The copies sealed in {@code dataDir}'s embedded store of the {@link #SEALABLE_SECRETS}, read only when a
     * master key exists already and no engine holds the store; empty otherwise.
     */
    public static Map<String, Optional<Secret>> readSealedSecrets(Path dataDir, Function<String, String> environment) {
        String fromEnv = environment.apply(MasterKey.ENV);
        boolean keyExists = (fromEnv != null && !fromEnv.isBlank())
                || Files.exists(dataDir.resolve(MasterKey.DATA_DIR_FILE));
        if (!keyExists || !Files.exists(Store.dataFile(dataDir)) || DataDirectoryProbe.heldByAnEngine(dataDir)) {
            return Map.of();
        }
        try (Store store = Store.openDataDirectory(dataDir)) {
            StoredSecrets secrets = new StoredSecrets(store.connections(), MasterKey.forDataDirectory(dataDir,
                    environment));
            Map<String, Optional<Secret>> out = new java.util.HashMap<>();
            for (String key : SEALABLE_SECRETS.values()) {
                out.put(key, secrets.get(key));
            }
            return out;
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
