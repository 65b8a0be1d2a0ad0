package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.StoreMetrics;

import io.rolegate.engine.audit.StoreAccessAudit;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.AuditedSecretChange;
import io.rolegate.engine.store.secret.MasterKey;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;

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

    static Store open(StoreConfig store, Path dataDir) {
        if (store.isEmbedded()) {
            return Store.openDataDirectory(dataDir);
        }
        // pgjdbc takes the password as a String; it lives only for the call and is never logged
        return Store.openJdbc(store.url(), store.user(), new String(store.password().chars()));
    }

    static List<String> storeSecrets(Store store, Path dataDir, Map<String, Secret> secrets, String admin) {
        try {
            return AuditedSecretChange.store(store, MasterKey.forDataDirectory(dataDir, System::getenv), secrets,
                    admin, "api");
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    static StoreMetrics metrics(Store store, StoreAccessAudit audit) {
        var capture = audit.queryCapture();
        return new StoreMetrics(store.audit().writerStats(), capture.queueDepth(), capture.written(),
                capture.dropped());
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
}
