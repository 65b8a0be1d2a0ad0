package io.rolegate.engine.store;

import io.rolegate.engine.api.model.ConfigVersion;

import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;


/**
 * A configuration change as every admin action is made: audited (CONFIG_CHANGED, with who, why and through what)
 * and committed before the new version is saved. Used by the command line and the running engine alike.
 */
public final class AuditedConfigChange {
    private AuditedConfigChange() {
    }

    /** Audits, then saves {@code yaml} as the next version. Throws {@link StoreException} when it cannot audit. */
    public static ConfigVersion save(Store store, String yaml, String author, String comment, String what,
                                     String via) {
        int next = store.configVersions().latest().map(v -> v.version() + 1).orElse(1);
        audit(store, author, what + " as configuration version " + next, next, comment, via);
        return store.configVersions().save(yaml, author, comment);
    }

    /**
     * Audits, then saves the content of {@code version} as the next version (history is only ever added to).
     * Throws {@link StoreException} when there is no such version or it cannot audit.
     */
    public static ConfigVersion rollback(Store store, int version, String author, String comment, String via) {
        if (store.configVersions().get(version).isEmpty()) {
            throw new StoreException("there is no configuration version " + version + "; see the configuration history");
        }
        int next = store.configVersions().latest().map(v -> v.version() + 1).orElse(1);
        audit(store, author, "rollback to configuration version " + version + " as version " + next, next, comment,
                via);
        return store.configVersions().rollback(version, author, comment);
    }

    /** Records a CONFIG_CHANGED event and waits until it is durable. */
    public static void audit(Store store, String author, String message, int version, String comment, String via) {
        AuditEvent event = AuditEvent.of(AuditEventType.CONFIG_CHANGED, message).withActor(author)
                .withDetails(AuditDetails.create().put("version", version).put("comment", comment).put("via", via));
        store.audit().appendDurably(event, "nothing was saved");
    }
}
