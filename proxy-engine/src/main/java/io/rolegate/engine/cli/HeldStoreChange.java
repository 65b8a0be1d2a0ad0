package io.rolegate.engine.cli;

import io.rolegate.engine.api.Configuration;
import io.rolegate.engine.api.HeldStoreConfig;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.EngineException;

import java.util.Optional;

/**
 * {@code config import} and {@code config rollback} on a PostgreSQL store that a running engine holds: the new
 * version is added to the store and the engine takes it live (within about two seconds), recording
 * {@code CONFIG_APPLIED} — or {@code CONFIG_REFUSED} — with this command's author and comment. The command writes
 * no audit record of its own: the store's audit chain has one writer, the engine.
 */
final class HeldStoreChange {
    static final String TAKEN_LIVE = "the engine running on this store takes it within seconds and records that in"
            + " its audit (CONFIG_APPLIED, or CONFIG_REFUSED when it cannot load it)\n";

    private HeldStoreChange() {
    }

    static int importVersion(HeldStoreConfig store, Configuration loaded, String yaml, String author, String comment,
                             CliContext ctx) throws CommandFailure {
        if (!loaded.literalSecrets().isEmpty()) {
            throw new CommandFailure("the file holds secrets written literally (" + String.join(", ",
                    loaded.literalSecrets().keySet()) + ") and a running engine holds the store, so they cannot be"
                    + " sealed into it now: reference them as ${ENV_VARIABLE} or {file: /path} instead");
        }
        try {
            Optional<ConfigVersion> latest = store.latest();
            if (latest.isPresent() && latest.get().yaml().equals(yaml)) {
                ctx.out().println("unchanged: the file equals configuration version " + latest.get().version()
                        + "; nothing saved");
                return 0;
            }
            return report(store.save(yaml, author, comment), ctx, "(the first version: no earlier one to compare)\n");
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    static int rollback(HeldStoreConfig store, int version, String author, String comment, CliContext ctx)
            throws CommandFailure {
        try {
            if (store.get(version).isEmpty()) {
                throw new CommandFailure("there is no configuration version " + version + "; see config history");
            }
            return report(store.rollback(version, author, comment), ctx, "(same content as the version before it)\n");
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private static int report(ConfigVersion saved, CliContext ctx, String noDiff) {
        ConfigChange.printSaved(saved, ctx, noDiff);
        ctx.out().print(TAKEN_LIVE);
        return 0;
    }
}
