package io.rolegate.engine.auth;

import io.rolegate.engine.config.LoginMemoryConfig;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.provisioning.RoleNames;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code directory.outageGrace}: the last answer the directory gave for each directory entry that logged in, so that
 * while the directory cannot be reached a user whose last successful login is younger than the grace period can
 * still log in, with the same password as then. The password is kept only as a verifier (HMAC-SHA-256 under a key
 * drawn at random for this process, over a random salt per entry), in memory only: never written, never logged,
 * gone with the process. Any other answer from the directory (wrong password, locked, gone), or a different one when
 * a watcher or a reconciliation pass looks again, drops the remembered one.
 *
 * <p>Keyed by the entry ({@link io.rolegate.engine.directory.DirectoryUser#entryId}), not by the typed name: the
 * names that led to an entry ({@code alice}, {@code ALICE}) only point at it, and dropping the entry drops them all.
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
    /** The remembered answer per directory entry. */
    private final BoundedTable<String, Entry> byEntry;
    /** Each name typed at a successful login → the entry it led to. */
    private final BoundedTable<String, String> names;

    OutageGrace(Duration grace, Clock clock) {
        this(grace, clock, LoginMemoryConfig.defaults());
    }

    /** Bounded like the login cache ({@code limits.loginMemory}); only users the directory accepted get in. */
    OutageGrace(Duration grace, Clock clock, LoginMemoryConfig bounds) {
        this.byEntry = new BoundedTable<>(bounds.maxEntries(), bounds.maxBytes(),
                (id, e) -> BoundedTable.of(id) + 16 + 32 + AnswerWeights.of(e.result()));
        this.names = new BoundedTable<>(bounds.maxEntries(), bounds.maxBytes(),
                (name, id) -> BoundedTable.of(name) + BoundedTable.of(id));
        this.grace = grace;
        this.clock = clock;
        random.nextBytes(key);
    }

    boolean enabled() {
        return !grace.isZero() && !grace.isNegative();
    }

    /**
     * The directory accepted {@code password} for {@code typed} just now. The same answer served again from the
     * login cache is not a new decision, so it keeps its original time.
     */
    void remember(String typed, char[] password, AuthResult.Authenticated result) {
        if (!enabled()) {
            return;
        }
        String entryId = result.user().entryId();
        names.put(typed, entryId);
        Entry old = byEntry.get(entryId);
        if (old != null && old.result() == result) {
            return;
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byEntry.put(entryId, new Entry(salt, verifier(salt, entryId, password), result, clock.instant()));
    }

    /** The remembered answer, when it is young enough and {@code password} is the one verified then. */
    Optional<Remembered> recall(String typed, char[] password) {
        String entryId = enabled() ? names.get(typed) : null;
        Entry e = entryId == null ? null : byEntry.get(entryId);
        if (e == null || !clock.instant().isBefore(e.decidedAt().plus(grace))) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(e.verifier(), verifier(e.salt(), entryId, password))) {
            return Optional.empty();
        }
        return Optional.of(new Remembered(e.result(), e.decidedAt()));
    }

    /** The directory said something else about the entry {@code typed} led to: it no longer holds, by any name. */
    void forget(String typed) {
        String entryId = names.get(typed);
        if (entryId != null) {
            forgetEntry(entryId);
        }
    }

    /** Drops the entry's remembered answer and every name that led to it. */
    void forgetEntry(String entryId) {
        byEntry.remove(entryId);
        names.removeIf((name, id) -> id.equals(entryId));
    }

    /**
     * Something about {@code name} may have changed (a watcher, a reconciliation pass): keeps a remembered answer
     * only while the directory still gives the same one, or cannot be asked. Otherwise an outage could bring back
     * groups the directory has since taken away — and the roles revoked for them. Concerned are the entry the name
     * led to at a login, the entry the directory finds now, and any entry whose user name folds like {@code name}.
     */
    void recheck(String name, Supplier<LookupResult> lookup) {
        Set<String> concerned = new HashSet<>();
        String typed = names.get(name);
        if (typed != null) {
            concerned.add(typed);
        }
        String folded = RoleNames.fold(name);
        byEntry.forEach((id, e) -> {
            if (folded.equals(RoleNames.fold(e.result().user().username()))) {
                concerned.add(id);
            }
        });
        if (concerned.isEmpty()) {
            return;
        }
        LookupResult now = lookup.get();
        if (now instanceof LookupResult.Found found && byEntry.containsKey(found.user().entryId())) {
            concerned.add(found.user().entryId());
        }
        for (String id : concerned) {
            Entry e = byEntry.get(id);
            boolean same = e != null && now instanceof LookupResult.Found found && found.user().equals(e.result().user());
            if (!same && !(now instanceof AuthResult.DirectoryUnavailable)) {
                forgetEntry(id);
            }
        }
    }

    private byte[] verifier(byte[] salt, String entryId, char[] password) {
        return PasswordMac.of(key, salt, entryId, password);
    }
}
