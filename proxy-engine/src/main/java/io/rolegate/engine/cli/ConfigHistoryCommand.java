package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.ConfigVersion;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/** {@code config history}: every saved configuration version, newest first, with who, when, why and size of change. */
final class ConfigHistoryCommand implements Command {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Override
    public List<String> words() {
        return List.of("config", "history");
    }

    @Override
    public String synopsis() {
        return "config history [--data-dir DIR | --config FILE]";
    }

    @Override
    public String summary() {
        return "list configuration versions with author, time, lines changed and comment";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.DATA_DIR, Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws CommandFailure {
        List<ConfigVersion> versions;
        try (OfflineStore store = StoreAccess.openForReading(line, ctx)) {
            versions = store.configHistory();
        }
        if (versions.isEmpty()) {
            ctx.out().println("no configuration saved yet; import one with: config import --config FILE");
            return 0;
        }
        TextTable t = new TextTable(List.of("VERSION", "SAVED", "AUTHOR", "CHANGE", "COMMENT"),
                true, false, false, false, false);
        for (ConfigVersion v : versions) {
            t.row(List.of(Integer.toString(v.version()), TIME.format(v.createdAt()), v.author(), change(v),
                    v.comment()));
        }
        t.print(ctx.out());
        return 0;
    }

    /** "+3 -1" lines against the version before; "initial" for the first. */
    static String change(ConfigVersion v) {
        if (v.version() == 1 || v.diffFromPrevious().isEmpty()) {
            return v.version() == 1 ? "initial" : "no change";
        }
        int added = 0;
        int removed = 0;
        for (String l : v.diffFromPrevious().split("\n")) {
            if (l.startsWith("+") && !l.startsWith("+++ ")) {
                added++;
            } else if (l.startsWith("-") && !l.startsWith("--- ")) {
                removed++;
            }
        }
        return "+" + added + " -" + removed;
    }
}
