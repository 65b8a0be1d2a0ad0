package io.rolegate.engine.cli;

import java.util.List;

/** The {@code --help} text, built from the registered commands and options so it cannot drift from them. */
final class Help {
    private Help() {
    }

    static String text(List<Command> commands, List<Option> options) {
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(Main.PROGRAM).append(" [--config FILE] [--data-dir DIR]\n");
        b.append("       ").append(Main.PROGRAM).append(" <command> [options]\n\n");
        b.append("Rolegate: a PostgreSQL proxy that signs clients in against the directory and maps their groups\n");
        b.append("to Postgres roles. Without a command it runs the proxy; without --config it uses the defaults\n");
        b.append("(listen 127.0.0.1:6432, upstream localhost:5432, passthrough authentication).\n\n");
        b.append("Commands:\n");
        for (Command c : commands) {
            b.append(row(c.synopsis(), c.summary()));
        }
        b.append("\nOptions:\n");
        for (Option o : options) {
            String name = o.takesValue() ? o.name() + " " + o.valueName() : o.name();
            b.append(row(name, o.description()));
        }
        b.append("\nExit codes: 0 ok, 1 failure at run time (the proxy could not start, a check failed, the data\n"
                + "directory is held by a running engine), 2 wrong command line or configuration.\n");
        return b.toString();
    }

    private static String row(String left, String right) {
        if (left.length() > 36) {
            // a long synopsis gets its own line, the summary goes under it in the summary column
            return String.format("  %s\n  %-36s %s\n", left, "", right);
        }
        return String.format("  %-36s %s\n", left, right);
    }
}
