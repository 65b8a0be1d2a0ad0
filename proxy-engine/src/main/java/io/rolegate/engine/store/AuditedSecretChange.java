package io.rolegate.engine.store;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.store.secret.StoredSecrets;

import java.util.List;
import java.util.Map;

/**
 * Secrets handed to Rolegate literally (a YAML import, the console), sealed into the store under the master key.
 * Audited first like every admin action — the record names the secrets and who set them, never a value.
 */
public final class AuditedSecretChange {
    private AuditedSecretChange() {
    }

    /** Audits, then seals and saves each secret under its configuration key; returns the keys saved. */
    public static List<String> store(Store store, MasterKey key, Map<String, Secret> secrets, String author,
                                     String via) {
        if (secrets.isEmpty()) {
            return List.of();
        }
        List<String> names = List.copyOf(new java.util.TreeSet<>(secrets.keySet()));
        AuditEvent event = AuditEvent.of(AuditEventType.CONFIG_CHANGED, "stored " + String.join(", ", names)
                        + " encrypted under the master key")
                .withActor(author)
                .withDetails(AuditDetails.create().put("secrets", names).put("via", via));
        store.audit().appendDurably(event, "no secret was stored");
        StoredSecrets stored = new StoredSecrets(store.connections(), key);
        secrets.forEach((name, value) -> stored.put(name, value, author));
        return names;
    }
}
