package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.EngineException;
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

    /** Prints what was saved and its diff from the version before ({@code noDiff} when there is none). */
    static void printSaved(ConfigVersion saved, CliContext ctx, String noDiff) {
        ctx.out().println("saved configuration version " + saved.version() + " by " + saved.author() + ": "
                + saved.comment());
        ctx.out().print(saved.diffFromPrevious().isEmpty() ? noDiff : saved.diffFromPrevious());
    }

    /** Audits, then saves {@code yaml} as the next version. */
    static ConfigVersion save(OfflineStore store, String yaml, String author, String comment, String what)
            throws CommandFailure {
        try {
            return store.saveConfig(yaml, author, comment, what, VIA);
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /** Audits, then saves the content of {@code version} as the next version. */
    static ConfigVersion rollback(OfflineStore store, int version, String author, String comment) throws CommandFailure {
        if (store.configVersion(version).isEmpty()) {
            throw new CommandFailure("there is no configuration version " + version + "; see config history");
        }
        try {
            return store.rollbackConfig(version, author, comment, VIA);
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
