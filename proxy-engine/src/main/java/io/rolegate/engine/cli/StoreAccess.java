package io.rolegate.engine.cli;

import io.rolegate.engine.store.DataDirectoryProbe;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.StoreException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the store of a stopped engine for a command. A running engine holds its data directory exclusively; then
 * the command says so and where the engine can be reached instead, rather than relay a database error.
 */
final class StoreAccess {
    private StoreAccess() {
    }

    /** The data directory a command works on: {@code --data-dir}, else the environment, else the default. */
    static Path dataDirectory(CommandLine line, CliContext ctx) {
        return DataDirectory.choose(line.value(Option.DATA_DIR), ctx.environment(), ctx.home());
    }

    /** Opens an existing store; a directory without one is a failure, not a reason to create one. */
    static Store openExisting(CommandLine line, CliContext ctx) throws CommandFailure {
        Path dir = dataDirectory(line, ctx);
        if (!Files.exists(Store.dataFile(dir))) {
            throw new CommandFailure("there is no Rolegate store in " + dir + " (" + Store.dataFile(dir).getFileName()
                    + " is missing); name the engine's data directory with --data-dir DIR or $"
                    + DataDirectory.ENV_VAR);
        }
        return open(dir);
    }

    /** Opens the store, creating the directory and an empty store when there is none yet. */
    static Store openOrCreate(CommandLine line, CliContext ctx) throws CommandFailure {
        Path dir = dataDirectory(line, ctx);
        try {
            DataDirectory.ensureExists(dir);
        } catch (java.io.IOException e) {
            throw new CommandFailure("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        return open(dir);
    }

    private static Store open(Path dir) throws CommandFailure {
        if (DataDirectoryProbe.heldByAnEngine(dir)) {
            throw heldMessage(dir, null);
        }
        try {
            return Store.openDataDirectory(dir);
        } catch (StoreException e) {
            // the engine may have started between the probe and the open
            if (DataDirectoryProbe.heldByAnEngine(dir)) {
                throw heldMessage(dir, e);
            }
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    static CommandFailure heldMessage(Path dir, Throwable cause) {
        return new CommandFailure("the data directory " + dir + " is held by a running Rolegate engine, which keeps"
                + " its store open exclusively. Stop that engine and run the command again, or reach the running"
                + " engine instead: the console shows its audit, sessions and configuration history, and its admin"
                + " endpoint (admin: {host, port} in its configuration; 127.0.0.1 by default) serves /health and"
                + " /metrics", cause);
    }
}
