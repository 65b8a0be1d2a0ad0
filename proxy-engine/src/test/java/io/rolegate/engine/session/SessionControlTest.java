package io.rolegate.engine.session;

import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.config.LimitsConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade's control over sessions, limits, and what clients are told when a session ends. */
class SessionControlTest {
    @TempDir
    Path dataDir;

    @Test
    void disconnectFromTheFacadeGivesTheClient57P01WithTheReason() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir); Connection c = proxy.connect();
             Statement s = c.createStatement()) {
            s.execute("select 1");
            SessionSnapshot snap = only(proxy);
            assertThat(proxy.engine().disconnect(snap.id(), "maintenance window")).isTrue();
            assertThatThrownBy(() -> s.execute("select 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57P01");
                        assertThat(e.getMessage()).contains("terminated by an administrator: maintenance window");
                    });
            awaitNoSessions(proxy);
            assertThat(proxy.engine().disconnect(snap.id(), "again")).isFalse();
        }
    }

    @Test
    void endsAndStateChangesAreHeardWithTheirReasons() throws Exception {
        List<io.rolegate.engine.api.model.SessionEnd> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestProxy proxy = TestProxy.start(dataDir);
        proxy.engine().onStateChange(s -> states.add(s.name()));
        try (AutoCloseable handle = proxy.engine().onSessionEnded(ends::add)) {
            try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
                s.execute("select 1");
                proxy.engine().disconnect(only(proxy).id(), "lunch break");
                assertThatThrownBy(() -> s.execute("select 1")).isInstanceOf(PSQLException.class);
            }
            Eventually.within(Duration.ofSeconds(10), "the session's end is heard", () -> !ends.isEmpty());
            assertThat(ends).singleElement().satisfies(e -> {
                assertThat(e.reason()).isEqualTo("admin-kill");
                assertThat(e.message()).contains("lunch break");
                assertThat(e.last().queries()).isGreaterThanOrEqualTo(1);
            });
        } finally {
            proxy.close();
        }
        assertThat(states).containsExactly("STOPPING", "STOPPED");
    }

    @Test
    void disconnectDuringALongQueryCancelsItUpstream() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir); Connection c = proxy.connect();
             Statement s = c.createStatement(); Connection admin = TestPostgres.get().superuser()) {
            int pid = c.unwrap(PGConnection.class).getBackendPID();
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("select pg_sleep(60)");
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            awaitState(proxy, "active");
            proxy.engine().disconnect(only(proxy).id(), "runaway query");
            Throwable t = running.get(10, TimeUnit.SECONDS);
            assertThat(t).isInstanceOf(PSQLException.class);
            assertThat(((PSQLException) t).getSQLState()).isEqualTo("57P01");
            // the backend stops too, instead of sleeping on for a client that is gone
            boolean gone = Eventually.holdsWithin(Duration.ofSeconds(10), () -> {
                try (Statement a = admin.createStatement();
                     ResultSet rs = a.executeQuery("select count(*) from pg_stat_activity where pid = " + pid)) {
                    rs.next();
                    return rs.getInt(1) == 0;
                }
            });
            assertThat(gone).as("backend %d ended", pid).isTrue();
        }
    }

    @Test
    void cancelFromTheFacadeStopsTheRunningQueryOnly() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir); Connection c = proxy.connect();
             Statement s = c.createStatement()) {
            s.execute("select 1");
            long id = only(proxy).id();
            assertThat(proxy.engine().cancelQuery(id).get(5, TimeUnit.SECONDS)).as("idle: nothing to cancel").isFalse();
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("select pg_sleep(60)");
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            awaitState(proxy, "active");
            // PostgreSQL ignores a cancel that reaches the backend before it has read the query (a loaded
            // machine): a lost one is pressed again, as a DBA would
            for (int pressed = 0; pressed < 10 && !running.isDone(); pressed++) {
                assertThat(proxy.engine().cancelQuery(id).get(5, TimeUnit.SECONDS)).isTrue();
                try {
                    running.get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException lost) {
                    // not read yet when the cancel came: press again
                }
            }
            Throwable t = running.get(10, TimeUnit.SECONDS);
            assertThat(((PSQLException) t).getSQLState()).isEqualTo("57014");
            try (ResultSet rs = s.executeQuery("select 7")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void unreachableUpstreamIs08006NamingTheAddress() throws Exception {
        int closedPort = TestPostgres.freePort();
        try (TestProxy proxy = TestProxy.start(dataDir, c -> c.withUpstream(
                new UpstreamConfig("127.0.0.1", closedPort, UpstreamTlsMode.DISABLE, null)))) {
            assertThatThrownBy(() -> proxy.connect().close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08006");
                        assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort);
                    });
            awaitNoSessions(proxy);
        }
    }

    @Test
    void connectionsBeyondTheLimitGet53300() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir,
                c -> c.withLimits(LimitsConfig.defaults().withMaxClientConnections(2)));
             Connection a = proxy.connect(); Connection b = proxy.connect()) {
            assertThatThrownBy(() -> proxy.connect().close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53300");
                        assertThat(e.getMessage()).contains("too many client connections");
                    });
            a.close();
            awaitSessions(proxy, 1);
            try (Connection again = proxy.connect()) {
                assertThat(again.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void aClientThatNeverFinishesStartupIsDroppedAfterTheTimeout() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir,
                c -> c.withLimits(LimitsConfig.defaults().withStartupTimeout(Duration.ofMillis(300))));
             Socket idle = new Socket("127.0.0.1", proxy.port())) {
            idle.setSoTimeout(5000);
            InputStream in = idle.getInputStream();
            long start = System.nanoTime();
            byte[] all = in.readAllBytes(); // the proxy sends its error and closes
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);
            assertThat(all).isNotEmpty();
            assertThat((char) all[0]).isEqualTo('E');
            assertThat(new String(all)).contains("08006").contains("startup did not finish");
            Eventually.passes(Duration.ofSeconds(5), () -> assertThat(proxy.engine().openConnections()).isZero());
        }
    }

    @Test
    void twoHundredConcurrentSessions() throws Exception {
        int n = 200;
        try (TestProxy proxy = TestProxy.start(dataDir)) {
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Connection> open = new ArrayList<>();
            try {
                List<Future<Connection>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    futures.add(pool.submit((java.util.concurrent.Callable<Connection>) proxy::connect));
                }
                for (Future<Connection> f : futures) {
                    open.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(proxy.engine().sessions()).hasSize(n);
                List<Future<Integer>> sums = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Connection c = open.get(i);
                    int k = i;
                    sums.add(pool.submit(() -> {
                        int total = 0;
                        try (Statement s = c.createStatement()) {
                            for (int q = 0; q < 20; q++) {
                                try (ResultSet rs = s.executeQuery("select " + k + " + " + q)) {
                                    rs.next();
                                    total += rs.getInt(1);
                                }
                            }
                        }
                        return total;
                    }));
                }
                for (int i = 0; i < n; i++) {
                    assertThat(sums.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(20 * i + 190);
                }
            } finally {
                for (Connection c : open) {
                    c.close();
                }
                pool.shutdownNow();
            }
            awaitNoSessions(proxy);
        }
    }

    @Test
    void stopTerminatesRemainingSessionsWith57P01AfterTheGrace() throws Exception {
        TestProxy proxy = TestProxy.start(dataDir);
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            s.execute("begin");
            long start = System.nanoTime();
            proxy.engine().stop(Duration.ofMillis(300));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
            assertThatThrownBy(() -> s.execute("select 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57P01");
                        assertThat(e.getMessage()).contains("shutting down");
                    });
        }
        assertThat(proxy.engine().state().name()).isEqualTo("STOPPED");
    }

    static SessionSnapshot only(TestProxy proxy) {
        List<SessionSnapshot> all = proxy.engine().sessions();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    static void awaitState(TestProxy proxy, String state) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(10), "a session in state " + state, () -> proxy.engine().sessions(),
                all -> all.stream().anyMatch(s -> s.state().label().equals(state)));
        Thread.sleep(100); // the request is on its way upstream; give the server a moment to start it
    }

    static void awaitSessions(TestProxy proxy, int n) throws InterruptedException {
        Eventually.passes(Duration.ofSeconds(10), () -> assertThat(proxy.engine().sessions()).hasSize(n));
    }

    static void awaitNoSessions(TestProxy proxy) throws InterruptedException {
        awaitSessions(proxy, 0);
    }
}
