package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.StoreMetrics;

import io.rolegate.engine.audit.StoreAccessAudit;
import io.rolegate.engine.config.FleetConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.AuditedSecretChange;
import io.rolegate.engine.store.secret.MasterKey;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditAnchors;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The facade's store work: opening the store the configuration names (the embedded H2 file in the data directory,
 * or a PostgreSQL store), sealed secrets, and the store's metrics.
 */
final class EngineStore {
    private EngineStore() {
    }

    /** Opens the store as this engine's node ({@code fleet.node}, else the host name). */
    static Store open(StoreConfig store, FleetConfig fleet, Path dataDir) {
        String node = fleet.resolvedNode(System::getenv);
        if (store.isEmbedded()) {
            return Store.openDataDirectory(dataDir, node);
        }
        // pgjdbc takes the password as a String; it lives only for the call and is never logged
        return Store.openJdbc(store.url(), store.user(), new String(store.password().chars()), node,
                store.poolSize());
    }

    /** How often a running engine checkpoints a growing audit chain outside the store. */
    static final java.time.Duration CHECKPOINT_INTERVAL = java.time.Duration.ofMinutes(1);

    /**
     * Anchors the audit chain outside the store (issue 13 item 7): checkpoints MAC'd under the master key (from
     * ROLEGATE_MASTER_KEY or the data directory's key file, created there when absent) in the data directory's
     * anchor file, or where ROLEGATE_AUDIT_ANCHORS says.
     */
    static void anchorAudit(Store store, Path dataDir) {
        try {
            Path dir = ensureDataDirectory(dataDir);
            AuditAnchors anchors = new AuditAnchors(AuditAnchors.fileFor(dir, System::getenv),
                    MasterKey.forDataDirectory(dir, System::getenv));
            store.audit().anchorTo(anchors, store.node(), CHECKPOINT_INTERVAL);
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** A PostgreSQL store leaves the data directory to the engine: create it (private) for key and anchors. */
    static Path ensureDataDirectory(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (java.nio.file.Files.isDirectory(dir)) {
            return dir;
        }
        try {
            if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions
                        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } else {
                java.nio.file.Files.createDirectories(dir);
            }
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    static List<String> storeSecrets(Store store, Path dataDir, Map<String, Secret> secrets, String admin) {
        try {
            return AuditedSecretChange.store(store, MasterKey.forDataDirectory(dataDir, System::getenv), secrets,
                    admin, "api");
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    static StoreMetrics metrics(Store store, StoreAccessAudit audit, io.rolegate.engine.export.Exports exports) {
        var capture = audit.queryCapture();
        var recordings = audit.recordings();
        return new StoreMetrics(store.audit().writerStats(), capture.queueDepth(), capture.written(),
                capture.dropped(), store.reopened(), recordings.queueDepth(), recordings.written(),
                recordings.dropped(), store.node(), exports.status());
    }

    /** Audits the backup as an admin action (durably, first), then writes the zip. */
    static void backup(Store store, Path zip, String admin) {
        AuditEvent event = AuditEvent.of(AuditEventType.ADMIN_ACTION, "store backup to " + zip.toAbsolutePath())
                .withActor(admin).withDetails(AuditDetails.create().put("action", "backup")
                        .put("file", zip.toAbsolutePath().toString()));
        try {
            store.audit().appendDurably(event, "no backup was taken");
            store.backupTo(zip);
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /** Seals a configuration file's literal secrets at start, in the name of the OS user running the engine. */
    static void sealAtStart(Store store, Path dataDir, Map<String, Secret> literalSecrets) {
        if (literalSecrets.isEmpty()) {
            return;
        }
        try {
            storeSecrets(store, dataDir, literalSecrets, System.getProperty("user.name", "rolegate"));
        } catch (EngineException e) {
            // the engine runs on the secrets it was given; only keeping them sealed failed
            org.slf4j.LoggerFactory.getLogger(EngineStore.class)
                    .error("could not store the configuration's literal secrets encrypted: {}", e.getMessage());
        }
    }
}
