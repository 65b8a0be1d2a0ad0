package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a file is bound, so that one run reports all of them. */
final class ConfigProblems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    void add(int line, String path, String message) {
        problems.add(new ConfigProblem(line, path, message));
    }

    int count() {
        return problems.size();
    }

    void throwIfAny(String source) {
        if (!problems.isEmpty()) {
            throw new ConfigException(source, List.copyOf(problems));
        }
    }
}
