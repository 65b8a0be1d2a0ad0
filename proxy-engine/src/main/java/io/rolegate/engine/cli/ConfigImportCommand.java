package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.Configuration;
import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.ConfigVersion;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code config import --config FILE}: validates a file and saves it in the store as a new version when it differs
 * from the latest. What is saved is the normalised export (defaults filled in, secrets as references), never a
 * secret's value; secrets written literally in the file are sealed in the store under the master key instead.
 */
final class ConfigImportCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("config", "import");
    }

    @Override
    public String synopsis() {
        return "config import --config FILE [--comment TEXT] [--author NAME] [--data-dir DIR]";
    }

    @Override
    public String summary() {
        return "validate FILE and save it as a new configuration version if it differs; print the diff";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.CONFIG, Option.COMMENT, Option.AUTHOR, Option.DATA_DIR);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        String file = line.value(Option.CONFIG).orElseThrow(() ->
                new UsageException("config import needs the file to import: --config FILE"));
        // invalid files surface as a ConfigException, which Main reports with every problem and exit code 2
        Configuration loaded = ctx.loadConfigNotingLiterals(line);
        String yaml = loaded.toYaml();
        String comment = line.value(Option.COMMENT).orElse("imported from " + file);
        try (StoreAccess.ForConfig opened = StoreAccess.openForConfig(line, ctx, true)) {
            if (opened.held() != null) {
                return HeldStoreChange.importVersion(opened.held(), loaded, yaml, ConfigChange.author(line), comment,
                        ctx);
            }
            OfflineStore store = opened.offline();
            sealLiteralSecrets(store, loaded, line, ctx, file);
            Optional<ConfigVersion> latest = store.latestConfig();
            if (latest.isPresent() && latest.get().yaml().equals(yaml)) {
                ctx.out().println("unchanged: the file equals configuration version " + latest.get().version()
                        + "; nothing saved");
                return 0;
            }
            ConfigVersion saved = ConfigChange.save(store, yaml, ConfigChange.author(line), comment,
                    "import of " + file);
            ConfigChange.printSaved(saved, ctx, "(the first version: no earlier one to compare)\n");
            return 0;
        }
    }

    /**
     * Secrets written literally in the file are sealed in the store (the saved version, like every export, holds
     * only a reference), so the file can then be rewritten with references and the literal removed from disk.
     */
    private static void sealLiteralSecrets(OfflineStore store, Configuration loaded, CommandLine line, CliContext ctx,
                                           String file) throws CommandFailure {
        if (loaded.literalSecrets().isEmpty()) {
            return;
        }
        try {
            OfflineStore.Sealed sealed = store.sealSecrets(loaded.literalSecrets(),
                    StoreAccess.dataDirectory(line, ctx), ctx.environment(), ConfigChange.author(line),
                    "import of " + file);
            ctx.out().println("stored encrypted under the master key (" + sealed.keyOrigin() + "): "
                    + String.join(", ", sealed.names()) + "; replace the literal in " + file
                    + " with ${ENV_VARIABLE} or {file: /path}");
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
