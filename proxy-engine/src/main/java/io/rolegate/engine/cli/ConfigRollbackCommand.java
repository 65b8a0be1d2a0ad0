package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.ConfigVersion;

import java.util.List;
import java.util.Set;

/**
 * {@code config rollback N --comment TEXT}: makes version N's content the latest again, as a new version (history
 * is only ever added to), audited before it is saved.
 */
final class ConfigRollbackCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("config", "rollback");
    }

    @Override
    public int arguments() {
        return 1;
    }

    @Override
    public String synopsis() {
        return "config rollback N --comment TEXT [--author NAME] [--data-dir DIR | --config FILE]";
    }

    @Override
    public String summary() {
        return "save the content of version N as a new latest version; print the diff";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.COMMENT, Option.AUTHOR, Option.DATA_DIR, Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        int version = VersionArgument.parse(line.arguments(words().size()).get(0));
        String comment = line.value(Option.COMMENT).filter(c -> !c.isBlank()).orElseThrow(() ->
                new UsageException("config rollback needs the reason, kept in history: --comment TEXT"));
        try (StoreAccess.ForConfig opened = StoreAccess.openForConfig(line, ctx, false)) {
            if (opened.held() != null) {
                return HeldStoreChange.rollback(opened.held(), version, ConfigChange.author(line), comment, ctx);
            }
            ConfigVersion saved = ConfigChange.rollback(opened.offline(), version, ConfigChange.author(line),
                    comment);
            ConfigChange.printSaved(saved, ctx, "(same content as the version before it)\n");
            return 0;
        }
    }
}
