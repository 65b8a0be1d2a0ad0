package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.LineDiff;

import java.util.List;
import java.util.Set;

/** {@code config diff A B}: a unified diff between two saved configuration versions. */
final class ConfigDiffCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("config", "diff");
    }

    @Override
    public int arguments() {
        return 2;
    }

    @Override
    public String synopsis() {
        return "config diff A B [--data-dir DIR | --config FILE]";
    }

    @Override
    public String summary() {
        return "show what changed from configuration version A to version B (unified diff)";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.DATA_DIR, Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        List<String> args = line.arguments(words().size());
        int a = VersionArgument.parse(args.get(0));
        int b = VersionArgument.parse(args.get(1));
        try (OfflineStore store = StoreAccess.openForReading(line, ctx)) {
            ConfigVersion from = version(store, a);
            ConfigVersion to = version(store, b);
            String diff = LineDiff.unified(from.yaml(), to.yaml(), "version " + a, "version " + b);
            ctx.out().print(diff.isEmpty() ? "versions " + a + " and " + b + " are identical\n" : diff);
            return 0;
        }
    }

    private static ConfigVersion version(OfflineStore store, int v) throws CommandFailure {
        return store.configVersion(v).orElseThrow(() ->
                new CommandFailure("there is no configuration version " + v + "; see config history"));
    }
}
