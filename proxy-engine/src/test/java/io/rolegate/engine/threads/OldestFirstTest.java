package io.rolegate.engine.threads;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting work runs oldest login first, and work a task hands on keeps its login's place. */
class OldestFirstTest {
    @Test
    void theOldestLoginRunsFirstWhateverTheOrderOfArrival() throws Exception {
        OldestFirst pool = new OldestFirst(1, "oldest-first-test");
        try {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            pool.forLoginAcceptedAt(0).execute(() -> {
                busy.countDown();
                await(release);
            });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            List<Long> ran = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(4);
            for (long accepted : new long[]{300, 100, 400, 200}) { // a later step of an older login arrives last
                pool.forLoginAcceptedAt(accepted).execute(() -> {
                    ran.add(OldestFirst.currentAge());
                    all.countDown();
                });
            }
            release.countDown();
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly(100L, 200L, 300L, 400L);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
