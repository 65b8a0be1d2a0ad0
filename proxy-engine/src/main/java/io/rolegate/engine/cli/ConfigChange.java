package io.rolegate.engine.cli;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.audit.AuditDetails;
import io.rolegate.engine.store.audit.AuditEvent;
import io.rolegate.engine.store.audit.AuditEventType;
import io.rolegate.engine.store.config.ConfigVersion;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A configuration change made from the command line: audited (CONFIG_CHANGED, with who and why) and committed
 * before the new version is saved, as every admin action is. The command holds the data directory exclusively, so
 * the version number announced in the audit is the one saved.
 */
final class ConfigChange {
    private ConfigChange() {
    }

    /** Who changes the configuration: {@code --author}, else the operating-system user. */
    static String author(CommandLine line) {
        return line.value(Option.AUTHOR).orElse(System.getProperty("user.name", "unknown"));
    }

    /** Audits, then saves {@code yaml} as the next version. */
    static ConfigVersion save(Store store, String yaml, String author, String comment, String what)
            throws CommandFailure {
        int next = store.configVersions().latest().map(v -> v.version() + 1).orElse(1);
        audit(store, author, what + " as configuration version " + next, next, comment);
        return store.configVersions().save(yaml, author, comment);
    }

    /** Audits, then saves the content of {@code version} as the next version. */
    static ConfigVersion rollback(Store store, int version, String author, String comment) throws CommandFailure {
        if (store.configVersions().get(version).isEmpty()) {
            throw new CommandFailure("there is no configuration version " + version + "; see config history");
        }
        int next = store.configVersions().latest().map(v -> v.version() + 1).orElse(1);
        audit(store, author, "rollback to configuration version " + version + " as version " + next, next, comment);
        return store.configVersions().rollback(version, author, comment);
    }

    private static void audit(Store store, String author, String message, int version, String comment)
            throws CommandFailure {
        AuditEvent event = AuditEvent.of(AuditEventType.CONFIG_CHANGED, message).withActor(author)
                .withDetails(AuditDetails.create().put("version", version).put("comment", comment)
                        .put("via", "command line"));
        try {
            store.audit().append(event).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailure("the audit log could not record the change, so nothing was saved: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while recording the change; nothing was saved", e);
        }
    }
}
