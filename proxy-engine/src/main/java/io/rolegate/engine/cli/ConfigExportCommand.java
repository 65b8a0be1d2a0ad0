package io.rolegate.engine.cli;

import io.rolegate.engine.config.ConfigWriter;

import java.util.List;
import java.util.Set;

/** {@code config export [--config FILE]}: prints the configuration the proxy would run with, defaults filled in. */
final class ConfigExportCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("config", "export");
    }

    @Override
    public String synopsis() {
        return "config export [--config FILE]";
    }

    @Override
    public String summary() {
        return "print the effective configuration as YAML (defaults filled in)";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) {
        ctx.out().print(ConfigWriter.toYaml(ctx.loadConfig(line)));
        return 0;
    }
}
