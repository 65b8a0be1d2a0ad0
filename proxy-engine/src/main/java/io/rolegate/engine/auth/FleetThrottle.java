package io.rolegate.engine.auth;

import io.rolegate.engine.config.LoginThrottleConfig;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.fleet.LoginFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's share of {@link LoginThrottle} on a shared store. Two parts, so a warm login pays nothing:
 * <ul>
 * <li>the event loop's early refusal adds the other nodes' failures from a snapshot refreshed every
 *     {@value #REFRESH_MILLIS} ms in the background (no store round trip on the event loop);</li>
 * <li>the exact count happens where the password would go to the directory ({@link #admit}): the attempt is a row
 *     in the store, counted with every node's rows under a lock per key, and refused past the limit. So the whole
 *     fleet lets at most {@code perUser} checks per name through per window, as one engine does.</li>
 * </ul>
 * The snapshot can be up to a refresh (plus a commit) old: within that time another node's failures are only found
 * at the exact count, never missed. When the store does not answer, an admission fails closed ({@link Uncounted});
 * logins could not complete anyway, since a login is granted only once its audit record is in the store.
 */
final class FleetThrottle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetThrottle.class);
    static final long REFRESH_MILLIS = 1_000;
    /** Rows older than the window are deleted about once a minute. */
    private static final int PRUNE_EVERY = 60;

    private final LoginFailures failures;
    private final LoginThrottleConfig config;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile Map<String, LoginFailures.Count> elsewhere = Map.of();
    private int refreshes;
    private boolean failing;

    FleetThrottle(LoginFailures failures, LoginThrottleConfig config, Clock clock) {
        this.failures = failures;
        this.config = config;
        this.clock = clock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                io.rolegate.engine.threads.BackgroundThreads.named("rolegate-fleet-throttle"));
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Other nodes' failures for {@code key} within the window as last seen; null when none. */
    LoginFailures.Count elsewhere(String key, Instant now) {
        LoginFailures.Count c = elsewhere.get(key);
        return c == null || !c.oldest().isAfter(now.minus(config.window())) ? null : c;
    }

    /**
     * Counts an attempt in the store and returns its rows by key, or refuses it when the fleet's count passes a
     * limit (the rows are given back then).
     *
     * @throws LoginThrottle.Throttled past a limit
     * @throws Uncounted when the store cannot count it
     */
    Map<String, Long> admit(String user, String source, Instant now) {
        List<String> keys = new ArrayList<>(2);
        if (config.perUser() > 0) {
            keys.add(user);
        }
        if (config.perSource() > 0) {
            keys.add(source);
        }
        LoginFailures.Admitted admitted;
        try {
            admitted = failures.admit(keys, now, config.window());
        } catch (StoreException e) {
            throw new Uncounted(e);
        }
        LoginThrottle.Refusal refusal = over(admitted, user, config.perUser(), LoginThrottle.Scope.USER, now);
        if (refusal == null) {
            refusal = over(admitted, source, config.perSource(), LoginThrottle.Scope.SOURCE, now);
        }
        if (refusal != null) {
            giveBack(admitted.rows().values());
            throw new LoginThrottle.Throttled(refusal);
        }
        return admitted.rows();
    }

    private LoginThrottle.Refusal over(LoginFailures.Admitted admitted, String key, int limit,
                                       LoginThrottle.Scope scope, Instant now) {
        LoginFailures.Count c = admitted.counts().get(key);
        if (limit <= 0 || c == null || c.count() <= limit) {
            return null;
        }
        Duration left = Duration.between(now, c.oldest().plus(config.window()));
        return new LoginThrottle.Refusal(scope, left.isNegative() ? Duration.ZERO : left, true);
    }

    /** The password was right: the name's failures are forgotten fleet-wide, and the source's attempt given back. */
    void succeeded(String user, Map<String, Long> rows, String source) {
        try {
            failures.clear(user);
            Long sourceRow = rows.get(source);
            if (sourceRow != null) {
                failures.withdraw(List.of(sourceRow));
            }
        } catch (StoreException e) {
            // the failures stay counted (the safe side) until they leave the window
            log.warn("could not clear the fleet's failed logins after a right password: {}", e.getMessage());
        }
    }

    /** The directory could not answer: the attempt is given back. */
    void withdrawn(Map<String, Long> rows) {
        giveBack(rows.values());
    }

    private void giveBack(java.util.Collection<Long> rows) {
        try {
            failures.withdraw(rows);
        } catch (StoreException e) {
            // the attempt stays counted (the safe side) until it leaves the window
            log.warn("could not give a login attempt back to the fleet's count: {}", e.getMessage());
        }
    }

    private void refresh() {
        Instant now = clock.instant();
        try {
            elsewhere = failures.elsewhere(now.minus(config.window()), config.maxTracked());
            if (++refreshes % PRUNE_EVERY == 0) {
                failures.prune(now.minus(config.window()));
            }
            if (failing) {
                log.info("the fleet's failed logins can be read again");
                failing = false;
            }
        } catch (StoreException e) {
            // the last snapshot stays; admissions count exactly (or fail closed) regardless
            if (!failing) {
                log.warn("cannot read the fleet's failed logins (keeping the last snapshot): {}", e.getMessage());
                failing = true;
            }
        } catch (RuntimeException e) {
            log.error("refreshing the fleet's failed logins failed", e);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        failures.close();
    }

    /** The shared store could not count a login attempt: the attempt is refused (fail closed). */
    static final class Uncounted extends RuntimeException {
        Uncounted(StoreException cause) {
            super("rolegate: failed logins cannot be counted across the fleet right now (the shared store does not"
                    + " answer: " + cause.getMessage() + "); try again shortly", cause);
        }
    }
}
