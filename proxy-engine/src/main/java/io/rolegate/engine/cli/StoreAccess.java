package io.rolegate.engine.cli;

import io.rolegate.engine.api.HeldStoreConfig;
import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.EngineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the store of a stopped engine for a command. A running engine holds its data directory exclusively; then
 * the command says so and where the engine can be reached instead, rather than relay a database error. With
 * {@code --config FILE} naming a {@code store:} (PostgreSQL), the command works on that store instead.
 */
final class StoreAccess {
    private StoreAccess() {
    }

    /** The data directory a command works on: {@code --data-dir}, else the environment, else the default. */
    static Path dataDirectory(CommandLine line, CliContext ctx) {
        return DataDirectory.choose(line.value(Option.DATA_DIR), ctx.environment(), ctx.home());
    }

    /**
     * Opens an existing store for a command that only reads (verify, export, history): a shared store is opened
     * without claiming a node name, so it works while the fleet runs.
     */
    static OfflineStore openForReading(CommandLine line, CliContext ctx) throws CommandFailure {
        return openExisting(line, ctx, true);
    }

    /** Opens an existing store; a directory without one is a failure, not a reason to create one. */
    static OfflineStore openExisting(CommandLine line, CliContext ctx) throws CommandFailure {
        return openExisting(line, ctx, false);
    }

    private static OfflineStore openExisting(CommandLine line, CliContext ctx, boolean reading) throws CommandFailure {
        Optional<OfflineStore> external = externalStore(line, ctx, reading);
        if (external.isPresent()) {
            return external.get();
        }
        Path dir = dataDirectory(line, ctx);
        if (!Files.exists(OfflineStore.dataFile(dir))) {
            throw new CommandFailure("there is no Rolegate store in " + dir + " (" + OfflineStore.dataFile(dir).getFileName()
                    + " is missing); name the engine's data directory with --data-dir DIR or $"
                    + DataDirectory.ENV_VAR);
        }
        return open(dir, reading);
    }

    /** Opens the store, creating the directory and an empty store when there is none yet. */
    static OfflineStore openOrCreate(CommandLine line, CliContext ctx) throws CommandFailure {
        Optional<OfflineStore> external = externalStore(line, ctx, false);
        if (external.isPresent()) {
            return external.get();
        }
        Path dir = dataDirectory(line, ctx);
        try {
            DataDirectory.ensureExists(dir);
        } catch (java.io.IOException e) {
            throw new CommandFailure("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        return open(dir, false);
    }

    /** How a store held by a running engine refuses: another live engine holds this node's name (decision 0024). */
    private static final String IN_USE = "by a running Rolegate engine";

    /**
     * A store a configuration command works on: opened offline, or — when a running engine holds the PostgreSQL
     * store named by {@code --config FILE} — only its configuration versions, which that engine takes live.
     */
    record ForConfig(OfflineStore offline, HeldStoreConfig held) implements AutoCloseable {
        @Override
        public void close() {
            if (offline != null) {
                offline.close();
            }
        }
    }

    /** As {@link #openExisting} (or {@link #openOrCreate} with {@code create}), or a running engine's versions. */
    static ForConfig openForConfig(CommandLine line, CliContext ctx, boolean create) throws CommandFailure {
        try {
            return new ForConfig(create ? openOrCreate(line, ctx) : openExisting(line, ctx), null);
        } catch (CommandFailure f) {
            if (line.value(Option.CONFIG).isPresent() && String.valueOf(f.getMessage()).contains(IN_USE)) {
                Optional<HeldStoreConfig> held = HeldStoreConfig.of(ctx.loadConfig(line));
                if (held.isPresent()) {
                    return new ForConfig(null, held.get());
                }
            }
            throw f;
        }
    }

    /** The PostgreSQL store named by the store: section of {@code --config FILE}, when there is one. */
    private static Optional<OfflineStore> externalStore(CommandLine line, CliContext ctx, boolean reading)
            throws CommandFailure {
        if (line.value(Option.CONFIG).isEmpty()) {
            return Optional.empty();
        }
        try {
            return reading ? OfflineStore.openSharedForReading(ctx.loadConfig(line))
                    : OfflineStore.openShared(ctx.loadConfig(line));
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage() + (e.getMessage().contains(IN_USE)
                    ? "; this command writes as that node (into its audit chain): stop that engine, or reach it"
                    + " through its console and admin endpoint" : ""), e);
        }
    }

    private static OfflineStore open(Path dir, boolean reading) throws CommandFailure {
        if (OfflineStore.heldByAnEngine(dir)) {
            throw heldMessage(dir, null);
        }
        try {
            return reading ? OfflineStore.openDataDirectoryForReading(dir) : OfflineStore.openDataDirectory(dir);
        } catch (EngineException e) {
            // the engine may have started between the probe and the open
            if (OfflineStore.heldByAnEngine(dir)) {
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
