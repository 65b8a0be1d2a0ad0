package io.rolegate.engine.cli;

import java.util.List;
import java.util.Set;

/**
 * {@code config check --config FILE [--data-dir DIR]}: validates a file without starting anything, then says what
 * the next start on the data directory would do with it: run it (changed since that directory last started with it)
 * or the store's latest version (unchanged; decision 0032).
 */
final class ConfigCheckCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("config", "check");
    }

    @Override
    public String synopsis() {
        return "config check --config FILE [--data-dir DIR]";
    }

    @Override
    public String summary() {
        return "validate a configuration file; print \"ok\" or every problem with its line, and whether the next start"
                + " runs it or the store's latest version";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.CONFIG, Option.DATA_DIR);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException {
        if (!line.has(Option.CONFIG)) {
            throw new UsageException("config check needs the file to check: --config FILE");
        }
        // problems surface as a ConfigException, which Main reports like any other configuration problem
        var config = ctx.loadConfig(line);
        ctx.out().println("ok");
        ctx.out().println(config.atNextStart(StoreAccess.dataDirectory(line, ctx)));
        return 0;
    }
}
