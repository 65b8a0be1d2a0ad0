package io.rolegate.engine.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified line diff ({@code ---}/{@code +++}/{@code @@} hunks with three lines of context), the form a DBA
 * already reads in git and patch. Longest common subsequence after trimming the common head and tail; configs are
 * a few hundred lines, and past {@link #MAX_CELLS} the middle is shown as replaced wholesale rather than spend
 * unbounded memory on a prettier answer.
 */
public final class LineDiff {
    static final int CONTEXT = 3;
    static final long MAX_CELLS = 4_000_000;

    private record Op(char kind, String line) { }

    private LineDiff() {
    }

    /** The diff from {@code before} to {@code after}; empty when the texts are equal. */
    public static String unified(String before, String after, String beforeLabel, String afterLabel) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<Op> ops = script(a, b);
        StringBuilder out = new StringBuilder("--- ").append(beforeLabel).append('\n')
                .append("+++ ").append(afterLabel).append('\n');
        if (ops.stream().allMatch(op -> op.kind() == ' ')) {
            return out.append("(only line endings or the final newline differ)\n").toString();
        }
        appendHunks(ops, out);
        return out.toString();
    }

    private static List<Op> script(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Op> ops = new ArrayList<>();
        a.subList(0, head).forEach(l -> ops.add(new Op(' ', l)));
        middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), ops);
        a.subList(a.size() - tail, a.size()).forEach(l -> ops.add(new Op(' ', l)));
        return ops;
    }

    private static void middle(List<String> a, List<String> b, List<Op> ops) {
        int n = a.size();
        int m = b.size();
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            a.forEach(l -> ops.add(new Op('-', l)));
            b.forEach(l -> ops.add(new Op('+', l)));
            return;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i++)));
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // Deletions before insertions on a tie: "-old / +new" is how a changed line reads in any diff tool.
                ops.add(new Op('-', a.get(i++)));
            } else {
                ops.add(new Op('+', b.get(j++)));
            }
        }
    }

    private static void appendHunks(List<Op> ops, StringBuilder out) {
        int k = 0;
        while (k < ops.size()) {
            int firstChange = k;
            while (firstChange < ops.size() && ops.get(firstChange).kind() == ' ') {
                firstChange++;
            }
            if (firstChange == ops.size()) {
                return;
            }
            int start = Math.max(k, firstChange - CONTEXT);
            int end = firstChange;
            int unchangedRun = 0;
            // A hunk grows until more than two contexts' worth of unchanged lines separate it from the next change.
            while (end < ops.size() && unchangedRun <= 2 * CONTEXT) {
                unchangedRun = ops.get(end).kind() == ' ' ? unchangedRun + 1 : 0;
                end++;
            }
            end -= Math.max(0, unchangedRun - CONTEXT);
            appendHunk(ops, start, end, out);
            k = end;
        }
    }

    private static void appendHunk(List<Op> ops, int start, int end, StringBuilder out) {
        int oldLine = 1;
        int newLine = 1;
        for (int i = 0; i < start; i++) {
            oldLine += ops.get(i).kind() != '+' ? 1 : 0;
            newLine += ops.get(i).kind() != '-' ? 1 : 0;
        }
        int oldCount = 0;
        int newCount = 0;
        StringBuilder body = new StringBuilder();
        for (int i = start; i < end; i++) {
            Op op = ops.get(i);
            oldCount += op.kind() != '+' ? 1 : 0;
            newCount += op.kind() != '-' ? 1 : 0;
            body.append(op.kind()).append(op.line()).append('\n');
        }
        out.append("@@ -").append(oldCount == 0 ? oldLine - 1 : oldLine).append(',').append(oldCount)
                .append(" +").append(newCount == 0 ? newLine - 1 : newLine).append(',').append(newCount)
                .append(" @@\n").append(body);
    }
}
