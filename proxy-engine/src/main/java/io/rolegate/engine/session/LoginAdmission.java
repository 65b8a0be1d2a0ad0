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
 * admitted: a small burst is never refused on a stale estimate.
 *
 * <p>Called only on event loops (admission and a login's end both happen there), so the lock is never held by a
 * descheduled background thread.
 */
public final class LoginAdmission {
    /** How much one new interval moves the mean: about the last 20 logins count. */
    private static final double WEIGHT = 0.05;

    private final LoginQueueConfig config;
    private final int alwaysAdmitted;
    private final LongSupplier nanos;
    private int underWay;
    private long lastFinished;
    private boolean busySinceLastFinished;
    private double nanosPerLogin;
    private long refused;

    /** A login's place: {@link #done} once, when it is ready or ended. */
    public interface Ticket {
        void done();
    }

    public LoginAdmission(LoginQueueConfig config, int workers, LongSupplier nanos) {
        this.config = config;
        this.alwaysAdmitted = Math.max(8, 2 * workers);
        this.nanos = nanos;
    }

    public LoginAdmission(LoginQueueConfig config) {
        this(config, config.workers(), System::nanoTime);
    }

    /** A ticket for a new login, or the refusal to send it (53300). */
    public synchronized Result admit() {
        long waitNanos = (long) (underWay * nanosPerLogin);
        boolean full = underWay >= config.maxWaiting();
        if (full || (underWay >= alwaysAdmitted && waitNanos > config.maxWait().toNanos())) {
            refused++;
            long retryIn = Math.max(1, Math.min(60, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1));
            return new Result(null, "rolegate: server busy: " + underWay + " logins are under way"
                    + (full ? " (the limit is " + config.maxWaiting() + ")" : ", a new one would wait about "
                    + (TimeUnit.NANOSECONDS.toMillis(waitNanos) + 999) / 1000 + " s") + "; retry in " + retryIn + " s");
        }
        if (underWay == 0) {
            busySinceLastFinished = false;
        }
        underWay++;
        return new Result(new Once(), null);
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
    public synchronized long refused() {
        return refused;
    }

    /** The measured time between two logins finishing under load, in milliseconds (0 before any). */
    public synchronized double millisPerLogin() {
        return nanosPerLogin / 1e6;
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
