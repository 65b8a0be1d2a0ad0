package io.rolegate.engine.directory;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the engine asked the directory, for {@code /metrics}: user binds by outcome, searches (the
 * user's entry, the user's groups) with their total time, and login-cache answers. Updated on login worker
 * threads, read by scrapes; never reset.
 */
public final class DirectoryStats {
    private final LongAdder bindsOk = new LongAdder();
    private final LongAdder bindsFailed = new LongAdder();
    private final LongAdder searches = new LongAdder();
    private final LongAdder searchNanos = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();

    void bind(boolean ok) {
        (ok ? bindsOk : bindsFailed).increment();
    }

    void searched(long startNanos) {
        searches.increment();
        searchNanos.add(System.nanoTime() - startNanos);
    }

    /** A login answered from the cache (or from a lookup already in flight for the same credentials). */
    public void cacheHit() {
        cacheHits.increment();
    }

    /** A login that had to ask the directory. */
    public void cacheMiss() {
        cacheMisses.increment();
    }

    public long bindsOk() {
        return bindsOk.sum();
    }

    public long bindsFailed() {
        return bindsFailed.sum();
    }

    public long searches() {
        return searches.sum();
    }

    public long searchNanosTotal() {
        return searchNanos.sum();
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long cacheMisses() {
        return cacheMisses.sum();
    }
}
