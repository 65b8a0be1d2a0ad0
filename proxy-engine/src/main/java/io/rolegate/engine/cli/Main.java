package io.rolegate.engine.cli;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.Configuration;
import io.rolegate.engine.api.model.EngineException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The headless runner: {@code java -jar rolegate-proxy.jar [command] [options]}. Exit codes: 0 success, 1 failure
 * at run time (the engine could not start), 2 a wrong command line or configuration.
 */
public final class Main {
    /** How the user started this program, for usage lines: the packaged launcher says so in a system property. */
    static final String PROGRAM = System.getProperty("rolegate.program", "java -jar rolegate-proxy.jar");
    static final List<Command> COMMANDS = java.util.stream.Stream.concat(java.util.stream.Stream.<Command>of(
            new ServeCommand(), new DemoCommand(), new ConfigCheckCommand(), new ConfigExportCommand(),
            new ConfigImportCommand(), new ConfigHistoryCommand(), new ConfigDiffCommand(), new ConfigRollbackCommand(),
            new AuditVerifyCommand(), new AuditExportCommand(), new AuditRetainCommand(), new SessionsCommand()),
            AdminCommand.all().stream()).toList();
    static final List<Option> OPTIONS = List.of(Option.CONFIG, Option.DATA_DIR, Option.HELP, Option.VERSION,
            Option.FORMAT, Option.SINCE, Option.UNTIL, Option.USER, Option.OUTPUT, Option.LIMIT, Option.COMMENT,
            Option.AUTHOR, Option.FROM_STORE, Option.KEEP, Option.OLDER_THAN, Option.ANCHORS, Option.URL, Option.CA,
            Option.USERNAME, Option.REASON, Option.NODE, Option.FOR, Option.MAX_MESSAGES, Option.OUT, Option.ROLE,
            Option.TEXT, Option.SQLSTATE, Option.LIVE);

    private final Function<String, String> environment;
    private final Path home;
    private final BiFunction<Configuration, Path, EngineHandle> engines;
    private final Consumer<Runnable> onShutdown;

    public Main() {
        this(System::getenv, Path.of(System.getProperty("user.home")),
                (cfg, dataDir) -> EngineHandle.of(new Engine(cfg, dataDir)),
                work -> Runtime.getRuntime().addShutdownHook(new Thread(work, "rolegate-shutdown")));
    }

    Main(Function<String, String> environment, Path home, BiFunction<Configuration, Path, EngineHandle> engines,
         Consumer<Runnable> onShutdown) {
        this.environment = environment;
        this.home = home;
        this.engines = engines;
        this.onShutdown = onShutdown;
    }

    public static void main(String[] args) {
        int code = new Main().run(args, System.out, System.err);
        // After SIGTERM the JVM is already running its shutdown hooks, and System.exit would block for good; a
        // clean run simply returns and lets the JVM finish.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs one command line and returns its exit code; never exits the JVM. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        CliContext ctx = new CliContext(out, err, environment, home, engines, onShutdown);
        try {
            CommandLine line = CommandLine.parse(args, OPTIONS);
            if (line.has(Option.HELP)) {
                out.print(Help.text(COMMANDS, OPTIONS));
                return 0;
            }
            if (line.has(Option.VERSION)) {
                out.println("rolegate " + version());
                return 0;
            }
            Command command = select(line);
            return command.run(line, ctx);
        } catch (UsageException e) {
            err.println("rolegate: " + e.getMessage());
            err.println("Try '" + PROGRAM + " --help'.");
            return 2;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (CommandFailure e) {
            err.println("rolegate: " + e.getMessage());
            return 1;
        } catch (EngineException e) {
            err.println("rolegate: " + e.getMessage());
            return 1;
        }
    }

    private static Command select(CommandLine line) throws UsageException {
        Optional<Command> exact = COMMANDS.stream().filter(c -> c.words().equals(line.words())).findFirst();
        if (exact.isEmpty()) {
            exact = withArguments(line.words());
        }
        if (exact.isEmpty()) {
            throw new UsageException(unknownCommand(line.words()));
        }
        int given = line.words().size() - exact.get().words().size();
        if (given != exact.get().arguments()) {
            throw new UsageException(String.join(" ", exact.get().words()) + " takes " + exact.get().arguments()
                    + (exact.get().arguments() == 1 ? " argument" : " arguments") + ", got " + given + ": "
                    + exact.get().synopsis());
        }
        for (String name : line.optionNames()) {
            if (exact.get().options().stream().noneMatch(o -> o.name().equals(name))) {
                String commandName = exact.get().words().isEmpty() ? "running the proxy"
                        : String.join(" ", exact.get().words());
                throw new UsageException("option " + name + " does not apply to " + commandName);
            }
        }
        return exact.get();
    }

    /** The command whose words start the line, when it is followed by its arguments ({@code config diff 3 4}). */
    private static Optional<Command> withArguments(List<String> words) {
        return COMMANDS.stream()
                .filter(c -> !c.words().isEmpty() && c.words().size() < words.size()
                        && words.subList(0, c.words().size()).equals(c.words()))
                .filter(c -> c.arguments() > 0)
                .findFirst();
    }

    private static String unknownCommand(List<String> words) {
        String first = words.get(0);
        List<String> under = COMMANDS.stream()
                .filter(c -> c.words().size() > 1 && c.words().get(0).equals(first))
                .map(c -> c.words().get(1))
                .toList();
        if (!under.isEmpty() && words.size() == 1) {
            return first + " needs a subcommand: " + String.join(", ", under);
        }
        if (!under.isEmpty()) {
            return "unknown subcommand \"" + words.get(1) + "\" of " + first + "; choose one of "
                    + String.join(", ", under);
        }
        return "unknown command \"" + String.join(" ", words) + "\"; commands: " + COMMANDS.stream()
                .filter(c -> !c.words().isEmpty()).map(c -> String.join(" ", c.words()))
                .collect(Collectors.joining(", "));
    }

    /** Implementation-Version from the jar's manifest; "dev" when run from classes (IDE, tests). */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
