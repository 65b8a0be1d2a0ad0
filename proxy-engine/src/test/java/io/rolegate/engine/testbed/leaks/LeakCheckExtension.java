package io.rolegate.engine.testbed.leaks;

import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Applied to every test class (auto-detected, see junit-platform.properties). A class fails when Netty reported a
 * leak while it ran. Classes tagged {@code faults} or {@code leaks} — the relay, codec and fault tests — are held to
 * more: their leaks are swept out at the end (a collection, so the report is theirs and not a later class's), and
 * the process's threads and open file descriptors must come back to what they were before the class, within a
 * bound, once its servers and clients are closed.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
    /** Threads a class may leave behind: lazily started shared ones (a JDBC cleaner, a Netty global executor). */
    static final int THREAD_BOUND = 8;
    /** Descriptors a class may leave behind: jars opened by the class loader, a shared test server's sockets. */
    static final int FD_BOUND = 32;
    private static final Set<String> CHECKED_TAGS = Set.of("faults", "leaks");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheckExtension.class);

    private record Baseline(int reports, Set<String> threads, int fds) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        NettyLeakWatch.install();
        if (checked(context)) {
            NettyLeakWatch.sweep(); // what earlier classes lost is theirs, not this class's
        }
        context.getStore(NS).put(Baseline.class, new Baseline(NettyLeakWatch.count(), threadNames(), openFds()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Baseline before = context.getStore(NS).get(Baseline.class, Baseline.class);
        boolean checked = checked(context);
        if (checked) {
            NettyLeakWatch.sweep();
        }
        List<String> leaks = NettyLeakWatch.takeSince(before.reports());
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak report(s) while " + context.getDisplayName()
                    + " ran (PARANOID):\n" + String.join("\n\n", leaks));
        }
        if (checked) {
            Eventually.within(Duration.ofSeconds(30), () -> "threads back to " + before.threads().size() + " + "
                    + THREAD_BOUND + "; new: " + newThreads(before), () ->
                    threadNames().size() <= before.threads().size() + THREAD_BOUND);
            Eventually.within(Duration.ofSeconds(30), () -> "open file descriptors back to " + before.fds() + " + "
                    + FD_BOUND + "; now " + openFds(), () -> openFds() <= before.fds() + FD_BOUND);
        }
    }

    static boolean checked(ExtensionContext context) {
        return context.getTags().stream().anyMatch(CHECKED_TAGS::contains);
    }

    private static Set<String> newThreads(Baseline before) {
        return threadNames().stream().filter(n -> !before.threads().contains(n)).collect(Collectors.toSet());
    }

    /**
     * Live threads by name and id (two pool threads may share a name). The JDK's "process reaper" threads are left
     * out: each child process (background threads run {@code renice} as they start) borrows one from a JDK-wide
     * cached pool that lets it go only after 60 s idle, longer than the wait here, and no test owns them.
     */
    static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("process reaper"))
                .map(t -> t.getName() + "#" + t.getId()).collect(Collectors.toSet());
    }

    /** Entries of /proc/self/fd: this JVM's open files and sockets (-1 where there is no /proc). */
    static int openFds() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fds)) {
            return (int) s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
