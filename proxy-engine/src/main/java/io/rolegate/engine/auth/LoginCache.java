package io.rolegate.engine.auth;

import io.rolegate.engine.config.LoginMemoryConfig;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryStats;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.provisioning.RoleNames;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Directory answers kept for a short while, so a burst of logins by one user costs one directory round trip:
 * concurrent logins with the same credentials share one lookup in flight, a success is reused for {@code cacheTtl},
 * a refusal for {@code negativeCacheTtl}. Entries are keyed by the user name and a keyed hash of the password (the
 * key is random per process and never leaves memory), so a different password never hits a cached success.
 * A directory outage is never cached.
 *
 * <p>The key is the name exactly as typed, so a spelling the directory would not match can never borrow another
 * spelling's answer; but a user is one directory entry whatever they typed ({@code alice}, {@code ALICE},
 * {@code Alice}), so {@link #forget} drops every answer that names the entry or folds to the name, whichever
 * spelling led to it. A lookup already under way when something is forgotten is not kept: it may predate the
 * change.
 *
 * <p>Bounded ({@code limits.loginMemory}) by entries and estimated bytes, oldest dropped first, expired answers
 * pruned as new ones arrive: every failed login with a new name adds an answer, and a flood of them with names of
 * 10,000 bytes must not grow the heap (issue 13 item 5). The in-flight table holds one entry per running lookup, so
 * the login workers bound it.
 */
final class LoginCache {
    private record Key(String username, String proof) {
    }

    private record Entry(AuthResult result, Instant until) {
    }

    private final Duration positiveTtl;
    private final Duration negativeTtl;
    private final Clock clock;
    private final byte[] hashKey = new byte[32];
    private final BoundedTable<Key, Entry> answers;
    private final ConcurrentHashMap<Key, CompletableFuture<AuthResult>> inFlight = new ConcurrentHashMap<>();
    private final DirectoryStats stats;
    /** Counts {@link #forget} calls: an answer asked before one of them is not remembered. */
    private final java.util.concurrent.atomic.AtomicLong forgets = new java.util.concurrent.atomic.AtomicLong();

    LoginCache(Duration positiveTtl, Duration negativeTtl, Clock clock) {
        this(positiveTtl, negativeTtl, clock, new DirectoryStats());
    }

    /** @param stats counts hits (cached or shared in-flight answers) and misses (the directory was asked) */
    LoginCache(Duration positiveTtl, Duration negativeTtl, Clock clock, DirectoryStats stats) {
        this(positiveTtl, negativeTtl, clock, stats, LoginMemoryConfig.defaults());
    }

    LoginCache(Duration positiveTtl, Duration negativeTtl, Clock clock, DirectoryStats stats,
               LoginMemoryConfig bounds) {
        this.answers = new BoundedTable<>(bounds.maxEntries(), bounds.maxBytes(), (k, e) ->
                BoundedTable.of(k.username()) + BoundedTable.of(k.proof()) + AnswerWeights.of(e.result()));
        this.stats = stats;
        this.positiveTtl = positiveTtl;
        this.negativeTtl = negativeTtl;
        this.clock = clock;
        new SecureRandom().nextBytes(hashKey);
    }

    /**
     * The cached answer for these credentials if there is one still fresh; never waits, never asks. Not counted
     * as a hit until {@link #answeredFromMemory} says the login used it.
     */
    Optional<AuthResult> cached(String username, char[] password) {
        Key key = new Key(username, proof(username, password));
        Entry cached = answers.get(key);
        if (cached == null || !clock.instant().isBefore(cached.until())) {
            if (cached != null) {
                answers.remove(key, cached);
            }
            return Optional.empty();
        }
        return Optional.of(cached.result());
    }

    /** A login was answered from {@link #cached}: a cache hit for the metrics. */
    void answeredFromMemory() {
        stats.cacheHit();
    }

    /** The cached or shared answer for these credentials, or the result of {@code ask} (run at most once at a time). */
    AuthResult authenticate(String username, char[] password, Supplier<AuthResult> ask) {
        Key key = new Key(username, proof(username, password));
        Entry cached = answers.get(key);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            stats.cacheHit();
            return cached.result();
        }
        CompletableFuture<AuthResult> mine = new CompletableFuture<>();
        CompletableFuture<AuthResult> shared = inFlight.putIfAbsent(key, mine);
        if (shared != null) {
            stats.cacheHit();
            return shared.join();
        }
        stats.cacheMiss();
        long forgotten = forgets.get();
        try {
            AuthResult result = ask.get();
            remember(key, result, forgotten);
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private void remember(Key key, AuthResult result, long forgotten) {
        Duration ttl = result instanceof AuthResult.Authenticated ? positiveTtl
                : result instanceof AuthResult.DirectoryUnavailable ? Duration.ZERO : negativeTtl;
        if (!ttl.isZero() && !ttl.isNegative() && forgets.get() == forgotten) {
            Instant now = clock.instant();
            answers.pruneOldest(e -> !now.isBefore(e.until()));
            Entry entry = new Entry(result, now.plus(ttl));
            answers.put(key, entry);
            if (forgets.get() != forgotten) {
                answers.remove(key, entry); // forgotten while it was being put: it may predate the change
            }
        }
    }

    /**
     * Drops every cached answer about the entry {@code entryId} (may be null) or about a user whose name folds like
     * {@code name} ({@link RoleNames#fold}: case, NFKC), whatever spelling the client typed to get it.
     */
    void forget(String name, String entryId) {
        forgets.incrementAndGet();
        String folded = name == null ? null : RoleNames.fold(name);
        answers.removeIf((key, entry) -> concerns(key, entry.result(), folded, entryId));
    }

    private static boolean concerns(Key key, AuthResult result, String folded, String entryId) {
        DirectoryUser user = result instanceof AuthResult.Authenticated ok ? ok.user()
                : result instanceof AuthResult.AccountNotUsable no ? no.user() : null;
        if (user != null && entryId != null && entryId.equals(user.entryId())) {
            return true;
        }
        return folded != null && (folded.equals(RoleNames.fold(key.username()))
                || user != null && folded.equals(RoleNames.fold(user.username())));
    }

    /** How many answers are kept now. */
    int size() {
        return answers.size();
    }

    /** Answers held now, and their estimated bytes: the cache's own accounting, for tests and metrics. */
    int entries() {
        return answers.size();
    }

    long bytes() {
        return answers.bytes();
    }

    private String proof(String username, char[] password) {
        return Base64.getEncoder().encodeToString(PasswordMac.of(hashKey, new byte[0], username, password));
    }
}
