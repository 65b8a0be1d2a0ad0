package io.rolegate.engine.auth;

import io.rolegate.engine.config.LoginMemoryConfig;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.LookupResult;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code directory.outageGrace}: the last answer the directory gave for each user who logged in, so that while the
 * directory cannot be reached a user whose last successful login is younger than the grace period can still log
 * in, with the same password as then. The password is kept only as a verifier (HMAC-SHA-256 under a key drawn at
 * random for this process, over a random salt per user), in memory only: never written, never logged, gone with
 * the process. Any other answer from the directory (wrong password, locked, gone), or a different one when a
 * watcher or a reconciliation pass looks again, drops the remembered one.
 */
final class OutageGrace {
    /** A remembered directory answer and when the directory gave it. */
    record Remembered(AuthResult.Authenticated result, Instant decidedAt) {
    }

    private record Entry(byte[] salt, byte[] verifier, AuthResult.Authenticated result, Instant decidedAt) {
        @Override
        public String toString() {
            return "remembered decision from " + decidedAt; // never the salt or verifier
        }
    }

    private final Duration grace;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final BoundedTable<String, Entry> entries;

    OutageGrace(Duration grace, Clock clock) {
        this(grace, clock, LoginMemoryConfig.defaults());
    }

    /** Bounded like the login cache ({@code limits.loginMemory}); only users the directory accepted get in. */
    OutageGrace(Duration grace, Clock clock, LoginMemoryConfig bounds) {
        this.entries = new BoundedTable<>(bounds.maxEntries(), bounds.maxBytes(),
                (name, e) -> BoundedTable.of(name) + 16 + 32 + AnswerWeights.of(e.result()));
        this.grace = grace;
        this.clock = clock;
        random.nextBytes(key);
    }

    boolean enabled() {
        return !grace.isZero() && !grace.isNegative();
    }

    /**
     * The directory accepted {@code password} for {@code username} just now. The same answer served again from the
     * login cache is not a new decision, so it keeps its original time.
     */
    void remember(String username, char[] password, AuthResult.Authenticated result) {
        if (!enabled()) {
            return;
        }
        Entry old = entries.get(username);
        if (old != null && old.result() == result) {
            return;
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        entries.put(username, new Entry(salt, verifier(salt, username, password), result, clock.instant()));
    }

    /** The remembered answer, when it is young enough and {@code password} is the one verified then. */
    Optional<Remembered> recall(String username, char[] password) {
        Entry e = enabled() ? entries.get(username) : null;
        if (e == null || !clock.instant().isBefore(e.decidedAt().plus(grace))) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(e.verifier(), verifier(e.salt(), username, password))) {
            return Optional.empty();
        }
        return Optional.of(new Remembered(e.result(), e.decidedAt()));
    }

    /** The directory said something else about this user: the remembered answer no longer holds. */
    void forget(String username) {
        entries.remove(username);
    }

    /**
     * Something about {@code username} may have changed (a watcher, a reconciliation pass): keeps the remembered
     * answer only while the directory still gives the same one, or cannot be asked. Otherwise an outage could
     * bring back groups the directory has since taken away — and the roles revoked for them.
     */
    void recheck(String username, Supplier<LookupResult> lookup) {
        Entry e = entries.get(username);
        if (e == null) {
            return;
        }
        LookupResult now = lookup.get();
        boolean same = now instanceof LookupResult.Found found && found.user().equals(e.result().user());
        if (!same && !(now instanceof AuthResult.DirectoryUnavailable)) {
            entries.remove(username, e);
        }
    }

    private byte[] verifier(byte[] salt, String username, char[] password) {
        return PasswordMac.of(key, salt, username, password);
    }
}
