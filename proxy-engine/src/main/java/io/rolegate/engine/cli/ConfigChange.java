package io.rolegate.engine.cli;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.AuditedConfigChange;
import io.rolegate.engine.api.model.ConfigVersion;


/**
 * A configuration change made from the command line: audited (CONFIG_CHANGED, with who and why) and committed
 * before the new version is saved, as every admin action is. The command holds the data directory exclusively, so
 * the version number announced in the audit is the one saved.
 */
final class ConfigChange {
    private static final String VIA = "command line";

    private ConfigChange() {
    }

    /** Who changes the configuration: {@code --author}, else the operating-system user. */
    static String author(CommandLine line) {
        return line.value(Option.AUTHOR).orElse(System.getProperty("user.name", "unknown"));
    }

    /** Audits, then saves {@code yaml} as the next version. */
    static ConfigVersion save(Store store, String yaml, String author, String comment, String what)
            throws CommandFailure {
        try {
            return AuditedConfigChange.save(store, yaml, author, comment, what, VIA);
        } catch (StoreException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /** Audits, then saves the content of {@code version} as the next version. */
    static ConfigVersion rollback(Store store, int version, String author, String comment) throws CommandFailure {
        if (store.configVersions().get(version).isEmpty()) {
            throw new CommandFailure("there is no configuration version " + version + "; see config history");
        }
        try {
            return AuditedConfigChange.rollback(store, version, author, comment, VIA);
        } catch (StoreException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
