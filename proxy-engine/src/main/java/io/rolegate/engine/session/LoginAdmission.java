package io.rolegate.engine.session;

import io.rolegate.engine.config.LoginQueueConfig;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Admission of directory logins: refuse early and clearly what the machine cannot serve before the client's
 * startup timeout, instead of letting every login of a storm wait and many of them time out.
 *
 * <p>A login counts from the moment it asks for the directory until it is ready or ends. The estimated wait of a
 * new login is the logins under way times the measured time between two logins finishing while there was work
 * (the service time at the present load, an exponentially weighted mean; idle stretches are not counted, so a
 * quiet night does not make the next morning's storm look slow). Beyond {@code maxWait}, or beyond {@code
 * maxWaiting} under way, the login is refused with 53300 and "retry in N s". A few logins per worker are always
 * admitted: a small burst is never refused on a stale estimate. Before any login has finished the estimate starts
 * from {@link #PRIOR_NANOS_PER_LOGIN}; and while logins are under way and none finishes, the time since the last
 * one finished (the drought) raises it: a new login waits at least that long, so a machine on which nothing has
 * finished for {@code maxWait} stops admitting.
 *
 * <p>The drought is spread over all the logins under way, not over the workers: a login holds its ticket while the
 * client answers the password request and while the upstream server logs it in, both off the workers, so at the
 * start of a storm hundreds progress together and the first ones finish only after a whole login's latency.
 * Spread over the 16 workers, that first second or two read as a stalled machine and refused logins the machine
 * then served within a few seconds (the 300-login storms refused 75–181 and all of them landed on retry).
 *
 * <p>A login that has already waited {@code maxWait} in the workers' queue when a worker takes it up ({@link #stale})
 * is refused the same way instead of being worked on: it would most likely run into the startup timeout, and the work
 * would be lost to the logins behind it (under overload, serving logins that time out anyway is how nobody gets in).
 * The time since it connected counts only while many logins are under way: a client that was slow on its own (a
 * far network, a loaded client) while few logins were under way is not "busy" (the soak once refused a login so,
 * with 2 logins under way).
 *
 * <p>The lock is taken only on event loops (admission and a login's end both happen there), so it is never held by
 * a descheduled background thread; {@link #stale}, called by workers, takes none.
 */
public final class LoginAdmission {
    /** How much one new interval moves the mean: about the last 20 logins count. */
    private static final double WEIGHT = 0.05;
    /** Until measured: 20 logins a second, a first login's pace on a busy 2-core machine. */
    static final long PRIOR_NANOS_PER_LOGIN = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoginQueueConfig config;
    private final int alwaysAdmitted;
    private final LongSupplier nanos;
    private final int workers;
    /** Written under the lock; read without it for a message. */
    private volatile int underWay;
    private final java.util.concurrent.atomic.AtomicLong staleRefused = new java.util.concurrent.atomic.AtomicLong();
    private long lastFinished;
    private long busySince;
    private boolean busySinceLastFinished;
    /** Written under the lock; read without it for the metrics. */
    private volatile double nanosPerLogin;
    private final java.util.concurrent.atomic.AtomicLong refusedFull = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong refusedWait = new java.util.concurrent.atomic.AtomicLong();

    /** A login's place: {@link #done} once, when it is ready or ended. */
    public interface Ticket {
        void done();
    }

    public LoginAdmission(LoginQueueConfig config, int workers, LongSupplier nanos) {
        this.config = config;
        this.alwaysAdmitted = Math.max(8, 2 * workers);
        this.workers = Math.max(1, workers);
        this.nanos = nanos;
    }

    public LoginAdmission(LoginQueueConfig config) {
        this(config, config.workers(), System::nanoTime);
    }

    /** A ticket for a new login, or the refusal to send it (53300). */
    public synchronized Result admit() {
        long now = nanos.getAsLong();
        long waitNanos = (long) (underWay * nanosPerLogin(now));
        boolean full = underWay >= config.maxWaiting();
        if (full || (underWay >= alwaysAdmitted && waitNanos > config.maxWait().toNanos())) {
            (full ? refusedFull : refusedWait).incrementAndGet();
            return new Result(null, busy(full ? " (the limit is " + config.maxWaiting() + ")"
                    : ", a new one would wait about " + seconds(waitNanos) + " s", waitNanos));
        }
        if (underWay == 0) {
            busySinceLastFinished = false;
            busySince = now;
        }
        underWay++;
        return new Result(new Once(), null);
    }

    /**
     * For a login a worker takes up now, connected {@code sinceConnected} ago and queued for a worker {@code queued}
     * ago: the refusal to send instead of working on it, empty to go on. A login that waited {@code maxWait} in the
     * queue is refused. So is one connected {@code maxWait} ago while the machine is busy (more logins under way
     * than are always admitted): under a storm its TLS handshake was slow because of the storm. With few logins
     * under way, a client that was slow before the queue (far away, a loaded client) is not refused as busy.
     */
    public Optional<String> stale(long sinceConnected, long queued) {
        long limit = config.maxWait().toNanos();
        boolean byQueue = queued > limit;
        if (!byQueue && (sinceConnected <= limit || underWay < alwaysAdmitted)) {
            return Optional.empty();
        }
        staleRefused.incrementAndGet(); // no lock: a worker calls this, and event loops must never wait for it
        return Optional.of("rolegate: server busy: " + underWay + " logins are under way, this one waited "
                + (byQueue ? seconds(queued) + " s for a worker" : seconds(sinceConnected) + " s since it connected")
                + "; retry in " + Math.max(1, config.maxWait().toSeconds()) + " s");
    }

    private String busy(String detail, long waitNanos) {
        return "rolegate: server busy: " + underWay + " logins are under way" + detail + "; retry in "
                + Math.max(1, Math.min(60, seconds(waitNanos))) + " s";
    }

    private static long seconds(long nanos) {
        return (TimeUnit.NANOSECONDS.toMillis(nanos) + 999) / 1000;
    }

    /** The measured interval, the prior before any, at least the present drought spread over the logins under way. */
    private double nanosPerLogin(long now) {
        double measured = nanosPerLogin == 0 ? PRIOR_NANOS_PER_LOGIN : nanosPerLogin;
        if (underWay == 0) {
            return measured;
        }
        long since = busySinceLastFinished ? lastFinished : busySince;
        return Math.max(measured, (double) (now - since) / Math.max(workers, underWay));
    }

    private synchronized void finished() {
        long now = nanos.getAsLong();
        if (busySinceLastFinished) {
            double interval = now - lastFinished;
            nanosPerLogin = nanosPerLogin == 0 ? interval : nanosPerLogin + WEIGHT * (interval - nanosPerLogin);
        }
        lastFinished = now;
        underWay--;
        busySinceLastFinished = underWay > 0;
    }

    /** Logins under way now. */
    public synchronized int underWay() {
        return underWay;
    }

    /** Logins refused as busy since start. */
    public long refused() {
        return refusedFull.get() + refusedWait.get() + staleRefused.get();
    }

    /** The queue now, read without the lock (an HTTP thread asks; event loops must never wait for it). */
    public io.rolegate.engine.api.model.LoginQueueMetrics metrics() {
        double perLogin = nanosPerLogin == 0 ? PRIOR_NANOS_PER_LOGIN : nanosPerLogin;
        return new io.rolegate.engine.api.model.LoginQueueMetrics(underWay, config.maxWaiting(), refusedFull.get(),
                refusedWait.get(), staleRefused.get(), perLogin / 1e9);
    }

    /** The measured time between two logins finishing under load, in milliseconds (0 before any). */
    public synchronized double millisPerLogin() {
        return nanosPerLogin(nanos.getAsLong()) / 1e6;
    }

    /** Either a ticket or the refusal message. */
    public record Result(Ticket ticket, String refusal) {
        public Optional<String> refused() {
            return Optional.ofNullable(refusal);
        }
    }

    private final class Once implements Ticket {
        private boolean done;

        @Override
        public void done() {
            synchronized (LoginAdmission.this) {
                if (done) {
                    return;
                }
                done = true;
            }
            finished();
        }
    }
}
