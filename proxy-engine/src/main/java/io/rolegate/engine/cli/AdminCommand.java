package io.rolegate.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Console;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code admin …}: the remote admin API from a terminal or a script. {@code admin login} asks the directory password
 * on the terminal (or takes it from {@code $ROLEGATE_CONSOLE_PASSWORD}) and keeps the token in {@link AdminTokenFile};
 * the other commands use that token against the same {@code --url}. What one may do is decided by the engine, as
 * for the console: a read-only user is refused there, not here.
 */
final class AdminCommand implements Command {
    /** Where scripts put the password; deliberately not ROLEGATE_ADMIN_PASSWORD, the upstream admin role's. */
    static final String PASSWORD_VARIABLE = "ROLEGATE_CONSOLE_PASSWORD";

    /** The work of one admin subcommand against a logged-in (or, for login, a fresh) client. */
    interface Action {
        int run(AdminClient client, CommandLine line, CliContext ctx) throws UsageException, CommandFailure;
    }

    private final List<String> words;
    private final int arguments;
    private final String synopsis;
    private final String summary;
    private final Set<Option> options;
    private final boolean needsLogin;
    private final Action action;

    private AdminCommand(String word, int arguments, String synopsisTail, String summary, Set<Option> extra,
                         boolean needsLogin, Action action) {
        this.words = List.of(word.split(" "));
        this.arguments = arguments;
        this.synopsis = word + (synopsisTail.isEmpty() ? "" : " " + synopsisTail) + " [--url URL] [--ca FILE]";
        this.summary = summary;
        java.util.HashSet<Option> all = new java.util.HashSet<>(extra);
        all.add(Option.URL);
        all.add(Option.CA);
        this.options = Set.copyOf(all);
        this.needsLogin = needsLogin;
        this.action = action;
    }

    static List<Command> all() {
        return List.of(
                new AdminCommand("admin login", 0, "[--username NAME]",
                        "log in to an engine's admin API (password asked, or $" + PASSWORD_VARIABLE + ")",
                        Set.of(Option.USERNAME), false, AdminCommand::login),
                new AdminCommand("admin logout", 0, "", "end the saved admin API login", Set.of(), true,
                        AdminCommand::logout),
                new AdminCommand("admin sessions", 0, "", "list the engine's live sessions", Set.of(), true,
                        AdminViews::sessions),
                new AdminCommand("admin disconnect", 1, "ID [--reason TEXT] [--node NAME]",
                        "end a live session on any node (the client gets 57P01)", Set.of(Option.REASON, Option.NODE),
                        true, AdminViews::disconnect),
                new AdminCommand("admin cancel", 1, "ID [--node NAME]", "cancel a live session's running query",
                        Set.of(Option.NODE), true, AdminViews::cancel),
                new AdminCommand("admin audit", 0, "[--since T] [--until T] [--user U] [--limit N]",
                        "audit records, newest first", Set.of(Option.SINCE, Option.UNTIL, Option.USER, Option.LIMIT),
                        true, AdminViews::audit),
                new AdminCommand("admin trace", 1, "SESSION [--for DURATION] [--max-messages N] [--out FILE.jsonl]",
                        "trace a live session's protocol messages until a limit (auditors)",
                        Set.of(Option.FOR, Option.MAX_MESSAGES, Option.OUT), true, AdminTraceViews::trace),
                new AdminCommand("admin recordings", 0,
                        "[--user U] [--role R] [--text T] [--sqlstate S] [--since T] [--until T] [--limit N]",
                        "search recorded sessions, newest first (auditors)", Set.of(Option.USER, Option.ROLE,
                        Option.TEXT, Option.SQLSTATE, Option.SINCE, Option.UNTIL, Option.LIMIT), true,
                        AdminTraceViews::recordings),
                new AdminCommand("admin recording", 1, "RECORDING [--out FILE.jsonl]",
                        "one recorded session's statements (RECORDING: the number admin recordings shows)",
                        Set.of(Option.OUT), true, AdminTraceViews::recording),
                new AdminCommand("admin mappings", 0, "", "the group-to-role mappings in force", Set.of(), true,
                        AdminViews::mappings),
                new AdminCommand("admin mappings preview", 1, "FILE",
                        "dry run of the mappings in FILE ({\"mappings\": [{\"groupDn\", \"roles\"}]})", Set.of(),
                        true, AdminViews::preview),
                new AdminCommand("admin mappings apply", 1, "FILE [--comment TEXT]",
                        "apply the mappings in FILE, whole (audited, enforced at once)", Set.of(Option.COMMENT), true,
                        AdminViews::apply),
                new AdminCommand("admin mappings undo", 0, "[--comment TEXT]",
                        "undo the last mapping change made on the engine", Set.of(Option.COMMENT), true,
                        AdminViews::undo));
    }

    @Override
    public List<String> words() {
        return words;
    }

    @Override
    public int arguments() {
        return arguments;
    }

    @Override
    public String synopsis() {
        return synopsis;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Set<Option> options() {
        return options;
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        AdminTokenFile file = AdminTokenFile.of(ctx.environment(), ctx.home());
        Optional<AdminTokenFile.Saved> saved = file.read();
        Optional<String> url = line.value(Option.URL).or(() -> saved.map(AdminTokenFile.Saved::url));
        if (url.isEmpty()) {
            throw new UsageException(String.join(" ", words) + " needs --url https://HOST:PORT (the engine's api:"
                    + " listener)");
        }
        Path ca = line.value(Option.CA).map(Path::of).orElse(null);
        AdminClient client = AdminClient.connect(url.get(), ca, null);
        if (needsLogin) {
            String same = client.url();
            AdminTokenFile.Saved s = saved.filter(x -> AdminClient.sameUrl(x.url(), same)).orElseThrow(() ->
                    new CommandFailure("not logged in to " + same + ": run admin login --url " + same));
            client = client.withToken(s.token());
        }
        return action.run(client, line, ctx);
    }

    private static int login(AdminClient client, CommandLine line, CliContext ctx) throws UsageException,
            CommandFailure {
        String username = line.value(Option.USERNAME).orElseGet(() -> ctx.environment().apply("USER"));
        if (username == null || username.isBlank()) {
            throw new UsageException("admin login needs --username NAME (your directory login name)");
        }
        char[] password = password(ctx, username);
        JsonNode answer;
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", username);
            body.put("password", password);
            answer = client.post("/login", body);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        AdminTokenFile file = AdminTokenFile.of(ctx.environment(), ctx.home());
        file.write(new AdminTokenFile.Saved(client.url(), answer.path("token").asText(),
                answer.path("username").asText(), answer.path("expires").asText()));
        ctx.out().println("logged in to " + client.url() + " as " + answer.path("username").asText() + " ("
                + (answer.path("administrator").asBoolean() ? "administrator" : "read-only") + ", "
                + answer.path("reason").asText() + ") until " + answer.path("expires").asText());
        return 0;
    }

    private static char[] password(CliContext ctx, String username) throws CommandFailure {
        String fromEnv = ctx.environment().apply(PASSWORD_VARIABLE);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new CommandFailure("no terminal to ask " + username + "'s password on: set " + PASSWORD_VARIABLE
                    + " for scripts");
        }
        char[] typed = console.readPassword("Directory password for %s: ", username);
        if (typed == null || typed.length == 0) {
            throw new CommandFailure("no password given");
        }
        return typed;
    }

    private static int logout(AdminClient client, CommandLine line, CliContext ctx) throws CommandFailure {
        AdminTokenFile file = AdminTokenFile.of(ctx.environment(), ctx.home());
        try {
            client.post("/logout", Map.of());
        } finally {
            file.delete();
        }
        ctx.out().println("logged out of " + client.url());
        return 0;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
