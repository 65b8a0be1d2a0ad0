package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.Configuration;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a command may touch of the outside world, passed in so tests can supply their own.
 *
 * @param environment   environment variable lookup, null for unset
 * @param home          the user's home folder (for the default data directory)
 * @param engines       builds the engine for a configuration
 * @param onShutdown    registers work to run when the process is asked to stop (SIGTERM, SIGINT)
 */
record CliContext(PrintStream out, PrintStream err, Function<String, String> environment, Path home,
                  BiFunction<Configuration, Path, EngineHandle> engines, Consumer<Runnable> onShutdown) {

    /** The file named by {@code --config}, or every default when there is none. */
    /** As {@link #loadConfig}, also returning the secrets written literally in the file. */
    Configuration loadConfigNotingLiterals(CommandLine line) {
        return loadConfigNotingLiterals(line, environment);
    }

    /** As above, resolving {@code ${NAME}} with {@code env} instead of the process environment. */
    Configuration loadConfigNotingLiterals(CommandLine line, Function<String, String> env) {
        Optional<String> file = line.value(Option.CONFIG);
        if (file.isEmpty()) {
            return Configuration.defaults();
        }
        try {
            return Configuration.load(Path.of(file.get()), env);
        } catch (InvalidPathException e) {
            throw new ConfigException(file.get(), List.of(new ConfigProblem(0, "", "not a valid file path")));
        }
    }

    Configuration loadConfig(CommandLine line) {
        return loadConfigNotingLiterals(line, environment);
    }
}
