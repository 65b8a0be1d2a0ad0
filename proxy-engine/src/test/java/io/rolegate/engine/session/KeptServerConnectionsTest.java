package io.rolegate.engine.session;

import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * upstream.keepIdle against a real PostgreSQL, a real directory and pgjdbc/psql: a user's next login runs on the
 * server connection their last session left, reset to a fresh session; nobody else's login, and no connection
 * left mid-transaction, is ever handed one.
 */
@Tag("leaks")
class KeptServerConnectionsTest {
    static TestDirectory ldap;
    @TempDir
    static Path dataDir;
    static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            return d.withUpstream(d.upstream().withKeepIdle(Duration.ofMinutes(1), 2));
        });
    }

    @AfterAll
    static void stop() {
        proxy.close();
        ldap.close();
    }

    /**
     * Engine event loops: a kept connection serves the next login on its own loop (both channels of a session
     * share one), and new connections are spread over the loops in turn, so within this many logins one lands there.
     */
    private static final int LOOPS = Runtime.getRuntime().availableProcessors();

    private static Connection login(String user, String options) throws SQLException {
        Properties p = DirectoryProxies.tls();
        p.setProperty("user", user);
        p.setProperty("password", TestDirectory.password(user));
        p.setProperty("options", options); // a start-up parameter (pgjdbc sends ApplicationName later, with SET)
        return DriverManager.getConnection(proxy.jdbcUrl(TestPostgres.DATABASE), p);
    }

    /** Kept connections are reset on the server's time: wait (bounded) until {@code n} wait in the pool. */
    private static void awaitWaiting(int n) throws InterruptedException {
        Eventually.passes(Duration.ofSeconds(10),
                () -> assertThat(proxy.engine().loginMetrics().keptWaiting()).isGreaterThanOrEqualTo(n));
    }

    private static int pid(Connection c) throws Exception {
        return Integer.parseInt(one(c, "select pg_backend_pid()"));
    }

    /** Logs in up to LOOPS + 1 times until a session runs on backend {@code wanted}; null when none did. */
    private static Connection loginOnBackend(String user, String options, int wanted) throws Exception {
        for (int i = 0; i <= LOOPS; i++) {
            int waiting = proxy.engine().loginMetrics().keptWaiting();
            Connection c = login(user, options);
            if (pid(c) == wanted) {
                return c;
            }
            c.close();
            awaitWaiting(waiting); // this one is kept too (it ended cleanly): wait, so turns stay in order
        }
        return null;
    }

    @Test
    void theNextLoginOnItsLoopGetsTheKeptConnectionResetToAFreshSession() throws Exception {
        int first;
        int waiting = proxy.engine().loginMetrics().keptWaiting();
        try (Connection c = login("alice", "-c lock_timeout=1001"); Statement st = c.createStatement()) {
            first = pid(c);
            st.execute("set work_mem = '7MB'");
            st.execute("set application_name = 'left-behind'");
            st.execute("create temporary table scratch (x int)");
            st.execute("prepare left_behind as select 1");
            st.execute("select pg_advisory_lock(4242)");
            st.execute("listen rolegate_kept");
        }
        awaitWaiting(waiting + 1);
        long reusedBefore = proxy.engine().loginMetrics().keptReused();
        try (Connection c = loginOnBackend("alice", "-c lock_timeout=1001", first);
             Connection su = TestPostgres.get().superuser()) {
            assertThat(c).as("a later login of alice ran on backend " + first).isNotNull();
            assertThat(one(c, "select current_user")).isEqualTo("alice");
            assertThat(DirectoryProxies.roles(c)).containsExactly("dba_role");
            assertThat(one(c, "show work_mem")).isNotEqualTo("7MB");
            assertThat(one(c, "show lock_timeout")).as("the start-up parameter stays").isEqualTo("1001ms");
            assertThat(one(c, "select to_regclass('pg_temp.scratch') is null")).isEqualTo("t");
            assertThat(one(c, "select count(*) from pg_prepared_statements where name = 'left_behind'"))
                    .isEqualTo("0");
            assertThat(one(c, "select count(*) from pg_listening_channels()")).isEqualTo("0");
            assertThat(one(su, "select count(*) from pg_locks where locktype = 'advisory' and objid = 4242"))
                    .isEqualTo("0");
        }
        assertThat(proxy.engine().loginMetrics().keptReused()).isGreaterThan(reusedBefore);
        var admitted = proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED).user("alice"));
        assertThat(admitted).anySatisfy(r -> assertThat(r.event().details().toString())
                .contains("kept, pid " + first));
    }

    @Test
    void aSessionThatEndsInsideATransactionIsNotKept() throws Exception {
        int first;
        try (Connection c = login("bob", "-c lock_timeout=1002")) {
            first = pid(c);
            c.setAutoCommit(false);
            one(c, "select 1");
        } // pgjdbc closes without COMMIT: the server would roll back; the proxy must not keep it
        try (Connection c = loginOnBackend("bob", "-c lock_timeout=1002", first)) {
            assertThat(c).as("no later login runs on the backend left inside a transaction").isNull();
        }
    }

    @Test
    void anotherUserOrOtherStartupParametersNeverShareIt() throws Exception {
        int alices;
        int waiting = proxy.engine().loginMetrics().keptWaiting();
        try (Connection c = login("alice", "-c lock_timeout=1003")) {
            alices = pid(c);
        }
        awaitWaiting(waiting + 1);
        try (Connection c = loginOnBackend("bob", "-c lock_timeout=1003", alices)) {
            assertThat(c).as("bob never gets alice's backend").isNull();
        }
        try (Connection c = loginOnBackend("alice", "-c lock_timeout=1004", alices)) {
            assertThat(c).as("other start-up parameters, other backend").isNull();
        }
        try (Connection c = loginOnBackend("alice", "-c lock_timeout=1003", alices)) {
            assertThat(c).as("alice with the same parameters gets it").isNotNull();
        }
    }

    @Test
    void revokingAUserLeavesNoneOfTheirServerConnectionsBehind() throws Exception {
        int waiting = proxy.engine().loginMetrics().keptWaiting();
        try (Connection c = login("alice", "-c lock_timeout=1005")) {
            assertThat(one(c, "select current_user")).isEqualTo("alice");
        }
        awaitWaiting(waiting + 1);
        String aliceBackends = "select count(*) from pg_stat_activity where usename = 'alice'";
        try (Connection su = TestPostgres.get().superuser()) {
            assertThat(Integer.parseInt(one(su, aliceBackends))).isPositive();
            var withoutDba = DirectoryProxies.MAPPINGS.stream()
                    .filter(m -> !m.groupDn().equalsIgnoreCase(TestDirectory.groupDn("dba"))).toList();
            proxy.engine().directory().applyMappings(withoutDba, proxy.engine().operator("dba.admin"), "test: alice loses access");
            Eventually.passes(Duration.ofSeconds(10),
                    () -> assertThat(one(su, aliceBackends)).as("no kept backend of a revoked user").isEqualTo("0"));
        } finally {
            proxy.engine().directory().applyMappings(DirectoryProxies.MAPPINGS, proxy.engine().operator("dba.admin"), "test: restored");
        }
        try (Connection c = login("alice", "-c lock_timeout=1005")) {
            assertThat(one(c, "select current_user")).as("allowed again, on a new backend").isEqualTo("alice");
        }
    }

    @Test
    void psqlSessionsOneAfterTheOtherRunOnAsManyBackendsAsThereAreLoops() throws Exception {
        java.util.Set<String> pids = new java.util.HashSet<>();
        for (int i = 0; i < 2 * LOOPS + 2; i++) {
            int waiting = proxy.engine().loginMetrics().keptWaiting();
            pids.add(psql("select pg_backend_pid()"));
            if (pids.size() == i + 1) {
                awaitWaiting(waiting + 1); // a new backend: wait until it is kept before the next one
            }
        }
        assertThat(pids).hasSizeLessThanOrEqualTo(LOOPS);
        assertThat(psql("select current_user")).isEqualTo("bob");
    }

    private static String psql(String sql) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-At", "-c", sql, "host=127.0.0.1 port=" + proxy.port()
                + " user=bob dbname=" + TestPostgres.DATABASE + " sslmode=require application_name=psql-kept")
                .redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", TestDirectory.password("bob"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
