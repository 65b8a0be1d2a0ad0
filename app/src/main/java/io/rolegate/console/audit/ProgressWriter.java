package io.rolegate.console.audit;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.function.DoubleConsumer;

/**
 * Passes text through and reports the share of {@code expectedLines} written so far. Reports at most every
 * {@code step} lines, so a million-row export does not flood the UI thread with a million progress updates.
 */
final class ProgressWriter extends FilterWriter {
    private final long expectedLines;
    private final long step;
    private final DoubleConsumer progress;
    private long lines;

    ProgressWriter(Writer out, long expectedLines, DoubleConsumer progress) {
        super(out);
        this.expectedLines = Math.max(1, expectedLines);
        this.step = Math.max(1, this.expectedLines / 100);
        this.progress = progress;
    }

    @Override
    public void write(int c) throws IOException {
        super.write(c);
        counted(c == '\n' ? 1 : 0);
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        super.write(buf, off, len);
        int n = 0;
        for (int i = off; i < off + len; i++) {
            n += buf[i] == '\n' ? 1 : 0;
        }
        counted(n);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        super.write(s, off, len);
        int n = 0;
        for (int i = off; i < off + len; i++) {
            n += s.charAt(i) == '\n' ? 1 : 0;
        }
        counted(n);
    }

    private void counted(int newLines) {
        long before = lines;
        lines += newLines;
        if (lines / step != before / step) {
            progress.accept(Math.min(1.0, (double) lines / expectedLines));
        }
    }
}
