package io.rolegate.engine.directory.watch;

import io.rolegate.engine.testbed.Eventually;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounded waiting and thread checks shared by the watcher tests. */
public final class WatchTestSupport {
    private WatchTestSupport() {
    }

    static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("rolegate-watch-"))
                .count();
    }

    /** After stop(), none of the watcher's threads may survive. */
    static void assertNoWatcherThreads() throws InterruptedException {
        Eventually.within(Duration.ofSeconds(2), "watcher threads end", () -> watcherThreads() == 0);
        assertThat(watcherThreads()).isZero();
    }
}
