package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.ConfigVersion;

import java.util.List;
import java.util.Set;

/**
 * {@code config export [--config FILE]}: prints the configuration the proxy would run with, defaults filled in;
 * with {@code --from-store}, the latest version saved in the data directory's store instead, or in the PostgreSQL
 * store that {@code --config FILE} names (read without claiming a node name: it works while the fleet runs).
 */
final class ConfigExportCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("config", "export");
    }

    @Override
    public String synopsis() {
        return "config export [--config FILE] [--from-store [--data-dir DIR | --config FILE]]";
    }

    @Override
    public String summary() {
        return "print the effective configuration as YAML (defaults filled in), or the latest stored version";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.CONFIG, Option.FROM_STORE, Option.DATA_DIR);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        if (!line.has(Option.FROM_STORE)) {
            if (line.has(Option.DATA_DIR)) {
                throw new UsageException("--data-dir applies to config export only with --from-store");
            }
            ctx.out().print(ctx.loadConfig(line).toYaml());
            return 0;
        }
        try (OfflineStore store = StoreAccess.openForReading(line, ctx)) {
            ConfigVersion latest = store.latestConfig().orElseThrow(() -> new CommandFailure(
                    "the store holds no configuration yet; save one with: config import --config FILE"));
            ctx.out().print(latest.yaml());
            return 0;
        }
    }
}
