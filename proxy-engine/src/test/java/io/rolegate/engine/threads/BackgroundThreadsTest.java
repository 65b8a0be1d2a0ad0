package io.rolegate.engine.threads;

import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Background threads really run at a lower priority, as the kernel reports it. */
class BackgroundThreadsTest {

    /** The calling thread's nice value: field 19 of /proc/thread-self/stat (the fields after the command name). */
    private static int currentNice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(afterName[16]);
    }

    /** Polls until renice has run (it is not waited for), at most a few seconds; returns the last value seen. */
    private static int niceOnceLowered() throws Exception {
        return Eventually.lastWithin(Duration.ofSeconds(5), BackgroundThreadsTest::currentNice,
                nice -> nice == BackgroundThreads.NICE);
    }

    @Test
    void aBackgroundThreadRunsAtTheLowerPriorityAndOthersDoNot() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "needs Linux /proc");
        int before = currentNice();
        Assumptions.assumeTrue(before < BackgroundThreads.NICE, "the test itself already runs at nice " + before);
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        Thread t = BackgroundThreads.named("rolegate-test-background").newThread(() -> {
            try {
                seen.complete(niceOnceLowered());
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("rolegate-test-background");
        t.start();
        assertThat(seen.get(30, TimeUnit.SECONDS)).isEqualTo(BackgroundThreads.NICE);
        assertThat(currentNice()).isEqualTo(before);
    }

    @Test
    void numberedThreadsAreNamedInOrder() {
        var factory = BackgroundThreads.numbered("rolegate-test-pool");
        assertThat(factory.newThread(() -> { }).getName()).isEqualTo("rolegate-test-pool-1");
        assertThat(factory.newThread(() -> { }).getName()).isEqualTo("rolegate-test-pool-2");
    }
}
