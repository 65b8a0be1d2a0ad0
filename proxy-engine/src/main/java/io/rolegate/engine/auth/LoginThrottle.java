package io.rolegate.engine.auth;

import io.rolegate.engine.config.LoginThrottleConfig;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code limits.loginThrottle}: at most {@code perUser} failed password checks per typed user name (lower-cased)
 * and {@code perSource} per client address within a sliding {@code window}; past that, further attempts are
 * refused before the password is even asked for, until the oldest failure leaves the window. So the proxy cannot
 * be used to guess passwords quickly, to lock accounts out in the directory (keep {@code perUser} below the
 * directory's lockout threshold), or to keep the login workers busy with binds.
 *
 * <p>A password check counts from the moment it is admitted ({@link #admit}): concurrent attempts cannot slip
 * past the limit together. A right password clears the user name's failures (not the source's: one valid account
 * must not reset a spraying address); an unreachable directory gives the attempt back. Unknown names and wrong
 * passwords count alike, so the throttle tells nobody which names exist.
 *
 * <p>On a store shared by a fleet ({@link #shareAcrossFleet}) the counts are the fleet's: every node's failures
 * count toward the same limits ({@link FleetThrottle}).
 *
 * <p>Memory: user names are kept as SHA-256 digests, so every entry has the same small size whatever a client
 * types; the table is bounded by {@code maxEntries} (oldest dropped first). Thread-safe.
 */
public final class LoginThrottle {

    /** Which limit refused: the user name, or the source address. */
    public enum Scope { USER, SOURCE }

    /**
     * A refusal: which limit, for how long, and whether it is the first refusal of this burst (the one to audit;
     * the burst ends when the limit no longer holds).
     */
    public record Refusal(Scope scope, Duration retryAfter, boolean firstOfBurst) {
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /** An admitted password check; tell it how the check went. */
    public interface Attempt {
        /** The password was right: the user name's failures are forgotten. */
        void succeeded();

        /** Wrong password or unknown user: the attempt stays counted. */
        default void failed() {
        }

        /** The directory could not answer: the attempt is given back. */
        void withdrawn();
    }

    /** Failure times within the window, oldest first, and whether this burst's refusal was audited. */
    private static final class Failures {
        final ArrayDeque<Instant> times = new ArrayDeque<>();
        boolean burstReported;
    }

    private static final long FAILURES_BYTES = 64;
    private static final Attempt UNTHROTTLED = new Attempt() {
        @Override
        public void succeeded() {
        }

        @Override
        public void withdrawn() {
        }
    };

    private final LoginThrottleConfig config;
    private final Clock clock;
    private final BoundedTable<String, Failures> table;
    /** The fleet's share of the counts on a shared store; null for a single engine. */
    private volatile FleetThrottle fleet;

    public LoginThrottle(LoginThrottleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        long perEntry = FAILURES_BYTES + 24L * Math.max(config.perUser(), config.perSource());
        // keys are at most 45 characters (a digest, or an IPv6 address): the entry bound is the one that holds
        long keyBytes = 40 + 2 * 64;
        this.table = new BoundedTable<>(config.maxTracked(), config.maxTracked() * (BoundedTable.ENTRY_OVERHEAD
                + keyBytes + perEntry), (k, v) -> BoundedTable.of(k) + perEntry);
    }

    /**
     * Counts failed logins across the fleet sharing {@code failures}' store from now on. Close the returned handle
     * when the engine stops.
     */
    public AutoCloseable shareAcrossFleet(io.rolegate.engine.store.fleet.LoginFailures failures) {
        if (!enabled()) {
            return failures;
        }
        FleetThrottle shared = new FleetThrottle(failures, config, clock);
        fleet = shared;
        return () -> {
            fleet = null;
            shared.close();
        };
    }

    public boolean enabled() {
        return config.perUser() > 0 || config.perSource() > 0;
    }

    /**
     * Whether an attempt by {@code username} from {@code source} would be refused now; does not count anything.
     * Cheap (two table look-ups), so the event loop asks it before asking for the password.
     */
    public Optional<Refusal> check(String username, InetAddress source) {
        Instant now = clock.instant();
        Optional<Refusal> user = refusal(userKey(username), config.perUser(), Scope.USER, now);
        return user.isPresent() ? user : refusal(sourceKey(source), config.perSource(), Scope.SOURCE, now);
    }

    /**
     * Counts a password check about to reach the directory, or refuses it when a limit is reached. The caller
     * reports the outcome on the returned attempt.
     */
    public Attempt admit(String username, InetAddress source) {
        if (!enabled()) {
            return UNTHROTTLED;
        }
        Instant now = clock.instant();
        String user = userKey(username);
        String from = sourceKey(source);
        synchronized (this) {
            Optional<Refusal> refused = refusal(user, config.perUser(), Scope.USER, now);
            if (refused.isEmpty()) {
                refused = refusal(from, config.perSource(), Scope.SOURCE, now);
            }
            if (refused.isPresent()) {
                throw new Throttled(refused.get());
            }
            count(user, config.perUser(), now);
            count(from, config.perSource(), now);
        }
        FleetThrottle shared = fleet;
        java.util.Map<String, Long> rows;
        try {
            rows = shared == null ? java.util.Map.of() : shared.admit(user, from, now);
        } catch (RuntimeException e) {
            give(user, now);
            give(from, now);
            throw e;
        }
        return new Attempt() {
            @Override
            public void succeeded() {
                table.remove(user);
                give(from, now);
                if (shared != null) {
                    shared.succeeded(user, rows, from);
                }
            }

            @Override
            public void withdrawn() {
                give(user, now);
                give(from, now);
                if (shared != null) {
                    shared.withdrawn(rows);
                }
            }
        };
    }

    /** Entries (user names and sources with recent failures) held now, for tests and metrics. */
    public int trackedEntries() {
        return table.size();
    }

    /** Their estimated bytes. */
    public long trackedBytes() {
        return table.bytes();
    }

    private synchronized Optional<Refusal> refusal(String key, int limit, Scope scope, Instant now) {
        if (limit <= 0) {
            return Optional.empty();
        }
        Failures f = table.get(key);
        FleetThrottle shared = fleet;
        io.rolegate.engine.store.fleet.LoginFailures.Count remote = shared == null ? null : shared.elsewhere(key, now);
        if (f == null && remote == null) {
            return Optional.empty();
        }
        int count = remote == null ? 0 : remote.count();
        Instant oldest = remote == null ? null : remote.oldest();
        if (f != null) {
            prune(f, now);
            count += f.times.size();
            Instant local = f.times.peekFirst();
            oldest = local != null && (oldest == null || local.isBefore(oldest)) ? local : oldest;
        }
        if (count < limit) {
            if (f != null) {
                f.burstReported = false;
            }
            return Optional.empty();
        }
        if (f == null) {
            // only other nodes failed: remember the burst here, so it is audited once per node
            f = table.update(key, (k, v) -> v == null ? new Failures() : v);
        }
        boolean first = !f.burstReported;
        f.burstReported = true;
        Duration left = Duration.between(now, oldest.plus(config.window()));
        return Optional.of(new Refusal(scope, left.isNegative() ? Duration.ZERO : left, first));
    }

    private void count(String key, int limit, Instant now) {
        if (limit <= 0) {
            return;
        }
        table.update(key, (k, f) -> {
            Failures failures = f == null ? new Failures() : f;
            prune(failures, now);
            failures.times.addLast(now);
            return failures;
        });
    }

    private synchronized void give(String key, Instant at) {
        Failures f = table.get(key);
        if (f != null) {
            f.times.removeLastOccurrence(at);
            if (f.times.isEmpty()) {
                table.remove(key, f);
            }
        }
    }

    private void prune(Failures f, Instant now) {
        Instant oldest = now.minus(config.window());
        while (!f.times.isEmpty() && !f.times.peekFirst().isAfter(oldest)) {
            f.times.pollFirst();
        }
    }

    /** The user name as the directory would compare it: case-insensitive, and never kept as typed. */
    static String userKey(String username) {
        String folded = username == null ? "" : username.toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(folded.getBytes(StandardCharsets.UTF_8));
            return "u:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static String sourceKey(InetAddress source) {
        return "s:" + (source == null ? "?" : source.getHostAddress());
    }

    /** Thrown by {@link #admit} when a limit is reached; the login is refused with {@link #refusal()}. */
    public static final class Throttled extends RuntimeException {
        private final transient Refusal refusal;

        Throttled(Refusal refusal) {
            super("login throttled (" + refusal.scope() + ")", null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }
}
