package io.rolegate.engine.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring of request start times: order kept while it grows, bounded when a client pipelines without end. */
class PendingRequestsTest {

    @Test
    void keepsTheOrderWhileGrowingFromAWrappedRing() {
        PendingRequests p = new PendingRequests();
        for (long i = 1; i <= 6; i++) {
            p.add(i);
        }
        assertThat(p.poll()).isEqualTo(1);
        assertThat(p.poll()).isEqualTo(2);
        for (long i = 7; i <= 40; i++) { // wraps the first ring, then grows twice
            p.add(i);
        }
        for (long i = 3; i <= 40; i++) {
            assertThat(p.poll()).isEqualTo(i);
        }
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.poll()).isEqualTo(-1);
    }

    @Test
    void beyondItsBoundLosesTheOldestTimingsNotTheNewest() {
        PendingRequests p = new PendingRequests();
        int pipelined = PendingRequests.CAPACITY + 100;
        for (long i = 0; i < pipelined; i++) {
            p.add(i);
        }
        for (long i = 100; i < pipelined; i++) {
            assertThat(p.poll()).isEqualTo(i);
        }
        assertThat(p.isEmpty()).isTrue();
    }
}
