package io.rolegate.engine.cli;

import java.util.List;
import java.util.Set;

/**
 * One thing the runner can do, named by its words ({@code config check}); running the proxy itself has no words.
 * A new subcommand is one class implementing this, added to {@link Main#COMMANDS}.
 */
interface Command {

    /** The words that select this command, e.g. {@code [config, check]}; empty for running the proxy. */
    List<String> words();

    /**
     * How many plain words follow the command's own words ({@code config diff A B} takes 2). A command line with
     * another count is a usage error naming the synopsis.
     */
    default int arguments() {
        return 0;
    }

    /** Synopsis of words and options for the help text, e.g. {@code config check --config FILE}. */
    String synopsis();

    /** One line for the help text. */
    String summary();

    /** The options this command accepts; any other option given with it is a usage error. */
    Set<Option> options();

    /**
     * @return the exit code: 0 success, 1 failure at run time
     * @throws UsageException for arguments that do not fit the command (exit code 2)
     * @throws CommandFailure when the command could not do its work (exit code 1)
     */
    int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure;
}
