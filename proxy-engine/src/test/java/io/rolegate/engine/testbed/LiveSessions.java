package io.rolegate.engine.testbed;

import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.api.model.Mapping;
import org.postgresql.util.PSQLException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real-directory revocation tests share: a proxy configuration over a real server's settings, a pgjdbc
 * session running queries until it dies, direct logins to PostgreSQL that bypass the proxy (psql over the test
 * server's Unix socket, where pg_hba trusts: only the role's LOGIN attribute decides), and the revocation checks.
 */
public final class LiveSessions {
    static final Duration QUERY_LOOP_LIMIT = Duration.ofSeconds(20);

    private LiveSessions() {
    }

    /**
     * A proxy in directory mode over {@code directory} with the watcher {@code mode}, once that watcher runs (no
     * fallback) and has reported {@code warmUp}.
     */
    public static TestProxy startWatching(Path dataDir, DirectorySettings directory, WatchMode mode,
                                          List<Mapping> mappings, DirectoryWrite warmUp) throws Exception {
        TestProxy proxy = TestProxy.start(dataDir, DirectoryProxies.directoryMode(directory.toBuilder().watch(mode)
                .build(), mappings));
        try {
            assertThat(proxy.engine().directory().watcherHealth().mode()).isEqualTo(mode);
            assertThat(proxy.engine().directory().watcherHealth().fallbackReason()).isNull();
            awaitWatcherSeesChanges(proxy, warmUp);
            return proxy;
        } catch (Exception | Error e) {
            proxy.close();
            throw e;
        }
    }

    /**
     * A proxy in directory mode over {@code ldap} (the standard mappings) whose watcher polls the changelog every
     * 200 ms, changed further by {@code more} (a store, policies, ...).
     */
    public static TestProxy startPolling(Path dataDir, TestDirectory ldap,
                                         java.util.function.UnaryOperator<io.rolegate.engine.config.RolegateConfig> more) {
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        return TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            return more.apply(d.withDirectory(d.directory().toBuilder().watch(WatchMode.POLL)
                    .pollInterval(Duration.ofMillis(200)).build()));
        });
    }

    /** A directory write made by the test (on its own admin connection). */
    @FunctionalInterface
    public interface DirectoryWrite {
        void apply() throws Exception;
    }

    /**
     * Waits until the proxy's watcher is connected and reports {@code warmUp} (a harmless write the watcher sees,
     * repeated until it does): its initial synchronisation is over and it persists.
     */
    public static void awaitWatcherSeesChanges(TestProxy proxy, DirectoryWrite warmUp) throws Exception {
        Eventually.within(Duration.ofSeconds(20), "watcher connects",
                () -> proxy.engine().directory().watcherHealth().connected());
        Eventually.within(Duration.ofSeconds(20),
                () -> "the watcher sees a warm-up change; " + proxy.engine().directory().watcherHealth(), () -> {
                    Instant before = proxy.engine().directory().watcherHealth().lastEventAt();
                    warmUp.apply();
                    return Eventually.holdsWithin(Duration.ofMillis(500), () -> {
                        Instant now = proxy.engine().directory().watcherHealth().lastEventAt();
                        return now != null && !Objects.equals(now, before);
                    });
                });
    }

    /**
     * The whole revocation check for one user: logs in through the proxy as {@code user}, proves a direct login
     * works and opens a direct session, starts a query loop, makes {@code change}; then the proxied session must
     * end with 57P01 and the message, the role become NOLOGIN, the direct session end, a new direct login fail
     * and no backend of the role remain.
     */
    public static void revokeWhileRunning(TestProxy proxy, String user, String password, DirectoryWrite change)
            throws Exception {
        revokeWhileRunning(proxy, user, password, QUERY_LOOP_LIMIT, change);
    }

    /**
     * As {@link #revokeWhileRunning(TestProxy, String, String, DirectoryWrite)}, with the query loop (and so the
     * change, and the wait for its revocation) allowed {@code limit}: for changes that take a directory down first.
     */
    public static void revokeWhileRunning(TestProxy proxy, String user, String password, Duration limit,
                                          DirectoryWrite change) throws Exception {
        try (Connection session = DirectoryProxies.login(proxy, user, password)) {
            assertThat(DirectoryProxies.one(session, "select current_user")).isEqualTo(user);
            assertDirectLoginWorks(user);
            Process direct = directSession(user);
            try {
                try (Connection su = TestPostgres.get().superuser()) {
                    Eventually.within(Duration.ofSeconds(10), "direct session of " + user + " is running",
                            () -> backends(su, user, " and query like '%pg_sleep%'") == 1);
                }
                CompletableFuture<PSQLException> loop = runUntilEnded(session, "select 1", limit);
                Thread.sleep(100);
                assertThat(loop).as("the session runs queries before the change").isNotDone();
                change.apply();
                assertEndedByRevocation(loop, limit);
                assertRoleLocked(proxy, user);
                assertDirectSessionEnded(direct);
                assertDirectLoginRefused(user);
                try (Connection su = TestPostgres.get().superuser()) {
                    assertThat(backends(su, user, "")).as("no backend of " + user + " is left").isZero();
                }
            } finally {
                direct.destroyForcibly();
                direct.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static int backends(Connection su, String role, String and) {
        try {
            return Integer.parseInt(DirectoryProxies.one(su, "select count(*) from pg_stat_activity where usename = '"
                    + role + "'" + and));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code select 1} every 20 ms until the session dies; completes with the error that ended it. */
    public static CompletableFuture<PSQLException> queryLoop(Connection c) {
        return runUntilEnded(c, "select 1", QUERY_LOOP_LIMIT);
    }

    /**
     * Runs {@code sql} every 20 ms until the session dies or {@code limit} passes; completes with the error that
     * ended it, or null.
     */
    public static CompletableFuture<PSQLException> runUntilEnded(Connection c, String sql, Duration limit) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Eventually.lastWithin(limit, () -> {
                    try {
                        DirectoryProxies.one(c, sql);
                        return null;
                    } catch (PSQLException e) {
                        return e;
                    }
                }, Objects::nonNull);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The session ended with 57P01 and the revocation message, within the loop's limit. */
    public static PSQLException assertEndedByRevocation(CompletableFuture<PSQLException> loop) throws Exception {
        return assertEndedByRevocation(loop, QUERY_LOOP_LIMIT);
    }

    private static PSQLException assertEndedByRevocation(CompletableFuture<PSQLException> loop, Duration limit)
            throws Exception {
        return assertEnded(loop, limit, "access revoked by the directory");
    }

    /** The session ended with 57P01 and a message containing {@code words} (a revocation by a configuration). */
    public static PSQLException assertEndedByRevocationNaming(CompletableFuture<PSQLException> loop, String words)
            throws Exception {
        return assertEnded(loop, QUERY_LOOP_LIMIT, words);
    }

    private static PSQLException assertEnded(CompletableFuture<PSQLException> loop, Duration limit, String words)
            throws Exception {
        PSQLException ended = loop.get(limit.toSeconds() + 5, TimeUnit.SECONDS);
        assertThat((Object) ended).as("the session was ended while it ran queries").isNotNull();
        assertThat(ended.getSQLState()).as("SQLSTATE of %s", ended.getMessage()).isEqualTo("57P01");
        assertThat(ended.getMessage()).contains(words);
        return ended;
    }

    /** The managed role exists and, within a bounded wait, is NOLOGIN. */
    public static void assertRoleLocked(TestProxy proxy, String role) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(5), "role " + role + " becomes NOLOGIN", () -> proxy.engine().directory().upstreamRoles()
                .stream().anyMatch(r -> r.name().equals(role) && r.managed() && !r.canLogin()));
    }

    /** psql as {@code role} straight to PostgreSQL (Unix socket, trust): the outcome of one statement. */
    static Direct direct(String role, String sql) throws Exception {
        Process p = directProcess(role, sql);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("psql as " + role + " did not finish within 20 s");
        }
        return new Direct(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A direct session as {@code role} that sleeps for a minute unless something ends it. */
    static Process directSession(String role) throws Exception {
        return directProcess(role, "select pg_sleep(60)");
    }

    private static Process directProcess(String role, String sql) throws Exception {
        TestPostgres pg = TestPostgres.get();
        return new ProcessBuilder(TestPostgres.findBin().resolve("psql").toString(), "-X", "-A", "-t",
                "-v", "ON_ERROR_STOP=1",
                "-h", pg.dataDirectory().getParent().toString(), "-p", Integer.toString(pg.port()),
                "-U", role, "-d", TestPostgres.DATABASE, "-c", sql)
                .redirectErrorStream(true).start();
    }

    /** A direct login's exit code and output. */
    record Direct(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** A direct login as {@code role} works now (so the later failure is the revocation's doing). */
    static void assertDirectLoginWorks(String role) throws Exception {
        Direct d = direct(role, "select current_user");
        assertThat(d.ok()).as("direct login as %s before revocation: %s", role, d.output()).isTrue();
        assertThat(d.output().trim()).isEqualTo(role);
    }

    /** A direct login as {@code role} is refused by PostgreSQL because the role is NOLOGIN. */
    static void assertDirectLoginRefused(String role) throws Exception {
        Direct d = direct(role, "select current_user");
        assertThat(d.ok()).as("direct login as %s after revocation", role).isFalse();
        assertThat(d.output()).contains("is not permitted to log in");
    }

    /** A direct session opened before the revocation was ended by it (pg_terminate_backend). */
    static void assertDirectSessionEnded(Process session) throws Exception {
        assertThat(session.waitFor(10, TimeUnit.SECONDS)).as("the direct session was ended").isTrue();
        String out = new String(session.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(session.exitValue()).as("psql exit; output: %s", out).isNotZero();
        assertThat(out).containsIgnoringCase("terminat");
    }
}
