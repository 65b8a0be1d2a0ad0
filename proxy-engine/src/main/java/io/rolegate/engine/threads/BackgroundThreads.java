package io.rolegate.engine.threads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background work — directory logins, TLS handshakes, session-history writes, sampling — runs at a
 * lower CPU priority than the event loops, so that a login storm takes the CPU the relaying sessions leave over
 * instead of the other way round. Measured (bench/connect --relay, 2 cores shared with PostgreSQL, the directory
 * and the clients): with every thread at one priority the open sessions' throughput fell to 1/30 during the storm;
 * with the background threads at nice {@value #NICE} it fell to 1/4 and their median round trip did not move.
 * The audit writer is not background work: each login waits for its commit (decision 0036).
 *
 * <p>Linux keeps a nice value per thread and lets any thread raise its own without privilege. Java has no call for
 * it ({@code Thread.setPriority} is ignored unless the JVM runs with {@code -XX:ThreadPriorityPolicy=1}), so each
 * background thread, as it starts, asks {@code renice} (util-linux, on every Debian system) to set its own
 * thread id, read from {@code /proc/thread-self}. Where that cannot work (no /proc, no renice, a seccomp filter
 * refusing setpriority) the thread keeps its normal priority and the log says so once.
 */
public final class BackgroundThreads {
    /** CFS gives a nice 0 thread about 9 times the CPU of a nice 10 one when both want it (weights 1024 and 110). */
    public static final int NICE = 10;

    private static final Logger log = LoggerFactory.getLogger(BackgroundThreads.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private BackgroundThreads() {
    }

    /** Runs {@code work} after lowering the priority of the thread that runs it. */
    public static Runnable lowPriority(Runnable work) {
        return () -> {
            lowerCurrentThread();
            work.run();
        };
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ..., each at background priority. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(lowPriority(r), prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One daemon thread named {@code name}, at background priority. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(lowPriority(r), name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Sets the calling thread's nice value to {@link #NICE}. Does not wait for renice: the thread goes on at
     * normal priority for the milliseconds it takes.
     */
    static void lowerCurrentThread() {
        String threadId;
        try {
            threadId = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            warnOnce("cannot read " + THREAD_SELF + " (" + e.getMessage() + ")");
            return;
        }
        try {
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", threadId)
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
            renice.onExit().thenAccept(p -> {
                if (p.exitValue() != 0) {
                    warnOnce("renice exited with " + p.exitValue());
                }
            });
        } catch (IOException e) {
            warnOnce("cannot run renice (" + e.getMessage() + ")");
        }
    }

    private static void warnOnce(String why) {
        if (WARNED.compareAndSet(false, true)) {
            log.warn("Background threads run at normal priority, so a login storm may slow open sessions: {}", why);
        }
    }
}
