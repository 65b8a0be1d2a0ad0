package io.rolegate.engine.testbed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one bounded wait of the tests: what it returns, and what its failure says. */
class EventuallyTest {
    private static final Duration SHORT = Duration.ofMillis(100);

    @Test
    void returnsTheFirstValueThatSatisfies() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        int value = Eventually.within(Duration.ofSeconds(10), "the third read", reads::incrementAndGet, n -> n >= 3);
        assertThat(value).isEqualTo(3);
    }

    @Test
    void aWaitThatRunsOutSaysWhatWasAwaitedAndTheLastValueSeen() {
        assertThatThrownBy(() -> Eventually.within(SHORT, "a negative number", () -> 7, n -> n < 0))
                .isInstanceOf(AssertionError.class)
                .hasMessage("not within 100 ms: a negative number; last seen: 7");
        assertThatThrownBy(() -> Eventually.within(Duration.ofSeconds(0), "the door opens", () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("not within 0 s: the door opens; last seen: false");
    }

    @Test
    void assertionsAreRetriedUntilTheyPassAndTheLastFailureIsKept() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Eventually.passes(Duration.ofSeconds(10), () -> assertThat(runs.incrementAndGet()).isEqualTo(3));
        assertThat(runs).hasValue(3);

        assertThatThrownBy(() -> Eventually.passes(SHORT, () -> assertThat(1).as("one").isZero()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("not within 100 ms: [one]")
                .hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void otherExceptionsEndTheWait() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> Eventually.within(Duration.ofSeconds(10), "never", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("broken probe");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(runs).hasValue(1);
    }

    @Test
    void theLenientFormsAnswerInsteadOfFailing() throws Exception {
        assertThat(Eventually.holdsWithin(SHORT, () -> false)).isFalse();
        assertThat(Eventually.holdsWithin(SHORT, () -> true)).isTrue();
        AtomicInteger reads = new AtomicInteger();
        assertThat(Eventually.lastWithin(SHORT, reads::incrementAndGet, n -> n < 0)).isPositive();
        assertThat(Eventually.lastWithin(Duration.ofSeconds(10), () -> "x", "x"::equals)).isEqualTo("x");
    }
}
