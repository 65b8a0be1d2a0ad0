package io.rolegate.engine.cli;

import java.util.List;
import java.util.Set;

/** {@code config check --config FILE}: validates a file without starting anything. */
final class ConfigCheckCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("config", "check");
    }

    @Override
    public String synopsis() {
        return "config check --config FILE";
    }

    @Override
    public String summary() {
        return "validate a configuration file; print \"ok\" or every problem with its line";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException {
        if (!line.has(Option.CONFIG)) {
            throw new UsageException("config check needs the file to check: --config FILE");
        }
        // problems surface as a ConfigException, which Main reports like any other configuration problem
        ctx.loadConfig(line);
        ctx.out().println("ok");
        return 0;
    }
}
