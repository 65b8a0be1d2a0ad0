package io.rolegate.console.settings;

import java.util.ArrayList;
import java.util.List;

/** One line of a configuration diff as the history pane colours it. */
public record DiffLine(Kind kind, String text) {
    /** What the line says about the change. */
    public enum Kind { HEADER, HUNK, REMOVED, ADDED, SAME, NOTE }

    /** Splits a unified diff into coloured lines; an empty diff becomes one note saying so. */
    static List<DiffLine> of(String unified, String noDifference) {
        List<DiffLine> out = new ArrayList<>();
        if (unified.isEmpty()) {
            out.add(new DiffLine(Kind.NOTE, noDifference));
            return out;
        }
        unified.lines().forEach(line -> out.add(new DiffLine(kind(line), line)));
        return out;
    }

    private static Kind kind(String line) {
        if (line.startsWith("--- ") || line.startsWith("+++ ")) {
            return Kind.HEADER;
        }
        if (line.startsWith("@@")) {
            return Kind.HUNK;
        }
        if (line.startsWith("-")) {
            return Kind.REMOVED;
        }
        if (line.startsWith("+")) {
            return Kind.ADDED;
        }
        return line.startsWith(" ") ? Kind.SAME : Kind.NOTE;
    }
}
