package io.rolegate.engine.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.ToLongBiFunction;

/**
 * A table the login path keeps per user name or per source, bounded by entries and by (estimated) bytes: when a
 * put would pass either bound, the oldest entries go first. Anything a client can make the proxy remember — a
 * typed user name of 10,000 bytes, a new one at every attempt — lands in one of these, so a flood of logins costs
 * at most the bounds, never the heap. The byte count is an estimate from the table's own weigher (string lengths
 * and fixed overheads), and is what {@link #bytes()} reports and the bound applies to.
 *
 * <p>Thread-safe; every method holds the table's lock for O(1) work (amortised), except {@link #removeIf}, which
 * walks the table and is for rare events (a watcher's change), not the login path.
 */
final class BoundedTable<K, V> {
    /** Per entry: the map node, the key and value objects, the weight cell. A conservative guess for the JVM. */
    static final long ENTRY_OVERHEAD = 96;

    private record Weighed<V>(V value, long bytes) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final ToLongBiFunction<K, V> weigher;
    private final LinkedHashMap<K, Weighed<V>> entries = new LinkedHashMap<>();
    private long bytes;
    private long evictions;

    /** @param weigher the estimated bytes an entry holds beyond {@link #ENTRY_OVERHEAD} */
    BoundedTable(int maxEntries, long maxBytes, ToLongBiFunction<K, V> weigher) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a bounded table needs room for at least one entry");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.weigher = weigher;
    }

    synchronized V get(K key) {
        Weighed<V> w = entries.get(key);
        return w == null ? null : w.value();
    }

    /** Stores {@code value} as the newest entry, then drops the oldest while a bound is passed. */
    synchronized void put(K key, V value) {
        Weighed<V> old = entries.remove(key);
        if (old != null) {
            bytes -= old.bytes();
        }
        long weight = ENTRY_OVERHEAD + weigher.applyAsLong(key, value);
        entries.put(key, new Weighed<>(value, weight));
        bytes += weight;
        trim();
    }

    /**
     * Replaces the entry for {@code key} with {@code change.apply(key, current or null)} under the lock; a null
     * result removes it. Returns the new value. The entry becomes the newest.
     */
    synchronized V update(K key, BiFunction<K, V, V> change) {
        Weighed<V> old = entries.get(key);
        V next = change.apply(key, old == null ? null : old.value());
        if (next == null) {
            remove(key);
        } else {
            put(key, next);
        }
        return next;
    }

    synchronized V remove(K key) {
        Weighed<V> old = entries.remove(key);
        if (old == null) {
            return null;
        }
        bytes -= old.bytes();
        return old.value();
    }

    /** Removes the entry only while it still holds {@code value} (identity). */
    synchronized boolean remove(K key, V value) {
        Weighed<V> w = entries.get(key);
        if (w == null || w.value() != value) {
            return false;
        }
        remove(key);
        return true;
    }

    synchronized boolean containsKey(K key) {
        return entries.containsKey(key);
    }

    /** Visits every entry, oldest first, under the table's lock: {@code visit} must be quick and not call back. */
    synchronized void forEach(java.util.function.BiConsumer<K, V> visit) {
        entries.forEach((k, w) -> visit.accept(k, w.value()));
    }

    synchronized void removeIf(Predicate<K> which) {
        removeIf((k, v) -> which.test(k));
    }

    /** Drops every entry {@code which} picks, judged by key and value. */
    synchronized void removeIf(java.util.function.BiPredicate<K, V> which) {
        Iterator<Map.Entry<K, Weighed<V>>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, Weighed<V>> e = it.next();
            if (which.test(e.getKey(), e.getValue().value())) {
                bytes -= e.getValue().bytes();
                it.remove();
            }
        }
    }

    /** Drops entries from the oldest on while {@code expired} says so: old entries expire first. */
    synchronized void pruneOldest(Predicate<V> expired) {
        Iterator<Map.Entry<K, Weighed<V>>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<K, Weighed<V>> e = it.next();
            if (!expired.test(e.getValue().value())) {
                return;
            }
            bytes -= e.getValue().bytes();
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** The estimated bytes the entries hold now; never above the bound once a put has returned. */
    synchronized long bytes() {
        return bytes;
    }

    /** Entries dropped to stay within the bounds since the table was made. */
    synchronized long evictions() {
        return evictions;
    }

    int maxEntries() {
        return maxEntries;
    }

    long maxBytes() {
        return maxBytes;
    }

    private void trim() {
        Iterator<Map.Entry<K, Weighed<V>>> it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            bytes -= it.next().getValue().bytes();
            it.remove();
            evictions++;
        }
    }

    /** Bytes a string holds, at most two per char (Latin-1 strings hold one; this errs high). */
    static long of(String s) {
        return s == null ? 0 : 40L + 2L * s.length();
    }
}
