package io.rolegate.engine.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The lines of one trace, newest kept: at most so many lines and so many bytes; older ones are dropped and counted.
 * The event loop adds, readers copy out; each holds the lock for one line or one copy, never for I/O.
 */
final class TraceRing {
    private final int maxLines;
    private final long maxBytes;
    private final ArrayDeque<TraceEntry> lines = new ArrayDeque<>();
    private final ArrayDeque<Integer> costs = new ArrayDeque<>();
    private long bytes;
    private long dropped;
    private long lastSeq;

    TraceRing(int maxLines, long maxBytes) {
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    synchronized void add(TraceEntry e) {
        lastSeq = e.seq();
        int cost = e.cost();
        lines.addLast(e);
        costs.addLast(cost);
        bytes += cost;
        while (lines.size() > maxLines || (bytes > maxBytes && lines.size() > 1)) {
            lines.removeFirst();
            bytes -= costs.removeFirst();
            dropped++;
        }
    }

    /** The kept lines numbered above {@code seq}, oldest first, at most {@code limit}. */
    synchronized List<TraceEntry> after(long seq, int limit) {
        List<TraceEntry> out = new ArrayList<>();
        Iterator<TraceEntry> newestFirst = lines.descendingIterator();
        int n = 0;
        while (newestFirst.hasNext() && newestFirst.next().seq() > seq) {
            n++;
        }
        Iterator<TraceEntry> it = lines.iterator();
        for (int skip = lines.size() - n; skip > 0; skip--) {
            it.next();
        }
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    synchronized int kept() {
        return lines.size();
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }
}
