package io.rolegate.engine.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns, two spaces apart; numeric columns right-aligned, the last left unpadded. */
final class TextTable {
    private final List<String> headers;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers, boolean... numeric) {
        this.headers = List.copyOf(headers);
        this.numeric = new boolean[headers.size()];
        for (int i = 0; i < numeric.length && i < headers.size(); i++) {
            this.numeric[i] = numeric[i];
        }
    }

    TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(cells.stream().map(c -> c == null ? "" : c.replace('\n', ' ').replace('\r', ' ')).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        out.println(line(headers, width));
        for (List<String> r : rows) {
            out.println(line(r, width));
        }
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append("  ");
            }
            String c = cells.get(i);
            boolean last = i == cells.size() - 1;
            if (numeric[i]) {
                b.append(" ".repeat(width[i] - c.length())).append(c);
            } else {
                b.append(c);
                if (!last) {
                    b.append(" ".repeat(width[i] - c.length()));
                }
            }
        }
        return b.toString();
    }
}
