package io.rolegate.engine.api.model;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found in it (not just the first). */
public class ConfigException extends RuntimeException {
    private final String source;
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(render(source, problems));
        this.source = source;
        // sorted by line so the operator can walk the file top to bottom; the sort is stable, keeping
        // several problems on one line in the order they were found
        this.problems = problems.stream().sorted(Comparator.comparingInt(ConfigProblem::line)).toList();
    }

    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(String source, List<ConfigProblem> problems) {
        String header = problems.size() == 1
                ? source + ": 1 problem"
                : source + ": " + problems.size() + " problems";
        return problems.stream()
                .sorted(Comparator.comparingInt(ConfigProblem::line))
                .map(p -> "  " + p)
                .collect(Collectors.joining(System.lineSeparator(), header + System.lineSeparator(), ""));
    }
}
