package io.rolegate.engine.api.model;

/**
 * One thing wrong with a configuration file.
 *
 * @param line    1-based line in the file, or 0 when the problem concerns the whole file
 * @param path    dotted key path such as {@code listen.tls.mode}; empty for the whole file
 * @param message what is wrong and, where it helps, what to write instead
 */
public record ConfigProblem(int line, String path, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? "line " + line + ": " : "";
        String key = path.isEmpty() ? "" : path + ": ";
        return where + key + message;
    }
}
