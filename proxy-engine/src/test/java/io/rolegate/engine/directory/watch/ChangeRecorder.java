package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.DN;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects what a watcher reports, with the thread each change arrived on. */
final class ChangeRecorder implements ChangeListener {
    record Seen(DirectoryChange change, String thread, long nanos) { }

    private final BlockingQueue<Seen> queue = new LinkedBlockingQueue<>();
    private final List<Seen> all = new CopyOnWriteArrayList<>();

    @Override
    public void onChange(DirectoryChange change) {
        Seen seen = new Seen(change, Thread.currentThread().getName(), System.nanoTime());
        all.add(seen);
        queue.add(seen);
    }

    /** Waits (bounded) for a change of {@code kind} on {@code dn}, skipping others; null on timeout. */
    Seen await(DirectoryChange.Kind kind, String dn, Duration timeout) throws Exception {
        DN wanted = new DN(dn);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Seen seen = queue.poll(left, TimeUnit.NANOSECONDS);
            if (seen != null && seen.change().kind() == kind && seen.change().dn().equals(wanted)) {
                return seen;
            }
        }
    }

    /** Waits (bounded) for any change of {@code kind}; null on timeout. */
    Seen awaitKind(DirectoryChange.Kind kind, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Seen seen = queue.poll(left, TimeUnit.NANOSECONDS);
            if (seen != null && seen.change().kind() == kind) {
                return seen;
            }
        }
    }

    void drain() {
        queue.clear();
    }

    List<Seen> all() {
        return List.copyOf(all);
    }
}
