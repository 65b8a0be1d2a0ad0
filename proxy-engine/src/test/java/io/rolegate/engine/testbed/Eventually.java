package io.rolegate.engine.testbed;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waiting for something that happens on another thread (an audit record written in the background, a
 * session ending, a watcher connecting). Each wait polls every {@value #POLL_MILLIS} ms until its limit; a wait that
 * runs out fails with an {@link AssertionError} naming what was awaited and the last value seen. The limits are
 * generous upper bounds for slow machines, never a claim about speed.
 *
 * <pre>
 * Eventually.within(Duration.ofSeconds(10), "the session ends", () -> engine.sessions().isEmpty());
 * List&lt;AuditRecord&gt; ends = Eventually.within(Duration.ofSeconds(10), "a SESSION_ENDED record",
 *         () -> engine.audit().records(query), found -> !found.isEmpty());
 * Eventually.passes(Duration.ofSeconds(5), () -> assertThat(engine.openConnections()).isZero());
 * </pre>
 *
 * Exceptions other than the awaited state's {@code AssertionError} are not retried: they end the wait as they would
 * end the test.
 */
public final class Eventually {
    static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** A state to wait for. */
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }

    /** Reads the value that is waited on; may act too (e.g. write a change until a watcher reports one). */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T get() throws E;
    }

    /** Assertions retried until they pass. */
    @FunctionalInterface
    public interface Block<E extends Exception> {
        void run() throws E;
    }

    /** Waits until {@code condition} holds; fails naming {@code what} when it does not within {@code limit}. */
    public static <E extends Exception> void within(Duration limit, String what, Condition<E> condition)
            throws E, InterruptedException {
        within(limit, () -> what, condition);
    }

    /** As {@link #within(Duration, String, Condition)}, {@code what} told at the failure (e.g. with a log so far). */
    public static <E extends Exception> void within(Duration limit, Supplier<String> what, Condition<E> condition)
            throws E, InterruptedException {
        within(limit, what, condition::holds, Boolean::booleanValue);
    }

    /**
     * Reads {@code probe} until its value satisfies {@code done} and returns that value; fails naming {@code what}
     * and the last value read when none did within {@code limit}.
     */
    public static <T, E extends Exception> T within(Duration limit, String what, Probe<T, E> probe,
                                                    Predicate<? super T> done) throws E, InterruptedException {
        return within(limit, () -> what, probe, done);
    }

    /** As {@link #within(Duration, String, Probe, Predicate)}, {@code what} told at the failure. */
    public static <T, E extends Exception> T within(Duration limit, Supplier<String> what, Probe<T, E> probe,
                                                    Predicate<? super T> done) throws E, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + describe(limit) + ": " + what.get() + "; last seen: " + value);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Runs {@code assertions} until they pass; when they still fail at {@code limit}, their last failure is thrown,
     * its message prefixed with the limit.
     */
    public static <E extends Exception> void passes(Duration limit, Block<E> assertions)
            throws E, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertions.run();
                return;
            } catch (AssertionError failed) {
                if (System.nanoTime() - deadline > 0) {
                    AssertionError last = new AssertionError("not within " + describe(limit) + ": "
                            + failed.getMessage(), failed);
                    throw last;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Whether {@code condition} holds within {@code limit}, without failing: for a test that asserts on the answer
     * itself, e.g. that something is (or is not) audited.
     */
    public static <E extends Exception> boolean holdsWithin(Duration limit, Condition<E> condition)
            throws E, InterruptedException {
        return lastWithin(limit, condition::holds, Boolean::booleanValue);
    }

    /**
     * Reads {@code probe} until its value satisfies {@code done} or {@code limit} passes, without failing, and
     * returns the last value read: for a test whose own assertions on that value follow.
     */
    public static <T, E extends Exception> T lastWithin(Duration limit, Probe<T, E> probe, Predicate<? super T> done)
            throws E, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value) || System.nanoTime() - deadline > 0) {
                return value;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String describe(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
