package io.rolegate.engine.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Arguments split into command words ({@code config check}) and options ({@code --config FILE} or
 * {@code --config=FILE}), which may come in any order. Knows nothing about which command accepts what.
 */
final class CommandLine {
    private final List<String> words;
    private final Map<String, String> options;

    private CommandLine(List<String> words, Map<String, String> options) {
        this.words = List.copyOf(words);
        this.options = Map.copyOf(options);
    }

    static CommandLine parse(String[] args, List<Option> known) throws UsageException {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                words.add(arg);
                continue;
            }
            String name = arg.equals("-h") ? Option.HELP.name() : arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            Option option = find(known, name);
            String value;
            if (!option.takesValue()) {
                if (inlineValue != null) {
                    throw new UsageException("option " + name + " takes no value");
                }
                value = "";
            } else if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("option " + name + " needs a value: " + name + " " + option.valueName());
            }
            if (options.putIfAbsent(name, value) != null) {
                throw new UsageException("option " + name + " is given twice");
            }
        }
        return new CommandLine(words, options);
    }

    private static Option find(List<Option> known, String name) throws UsageException {
        for (Option o : known) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new UsageException("unknown option " + name);
    }

    List<String> words() {
        return words;
    }

    /** The plain words after the first {@code from} (a command's own words): its arguments. */
    List<String> arguments(int from) {
        return words.subList(Math.min(from, words.size()), words.size());
    }

    boolean has(Option option) {
        return options.containsKey(option.name());
    }

    Optional<String> value(Option option) {
        return Optional.ofNullable(options.get(option.name()));
    }

    Iterable<String> optionNames() {
        return options.keySet();
    }
}
