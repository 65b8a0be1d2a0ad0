package io.rolegate.engine.session;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
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
import java.util.List;

import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A warm login on a kept server connection ({@code upstream.keepIdle}, a cached directory answer) writes its decision
 * and its admission in one commit, and is admitted only once both are durable: when the store refuses the records
 * the client gets 58000 and no ReadyForQuery, and the kept backend runs nothing for it. A wrong password is refused
 * however warm the cache and however many connections wait. Real PostgreSQL (as upstream and as the store, so a
 * trigger can make the store refuse one user's admission), real directory, pgjdbc.
 */
class KeptLoginAuditTest {
    /** Engine event loops: connections are kept per loop, so every loop needs one before a login surely finds one. */
    private static final int LOOPS = Runtime.getRuntime().availableProcessors();
    private static final String OPTIONS = "-c lock_timeout=1003";

    static TestDirectory ldap;
    @TempDir
    static Path dataDir;
    static TestProxy proxy;
    static String storeUrl;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        storeUrl = TestStores.newPostgresSchemaUrl();
        StoreConfig store = new StoreConfig(storeUrl, TestPostgres.SUPERUSER, Secret.empty());
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c).withStore(store);
            return d.withUpstream(d.upstream().withKeepIdle(Duration.ofMinutes(1), 2));
        });
    }

    @AfterAll
    static void stop() {
        proxy.close();
        ldap.close();
    }

    private static Connection login(String user, String password) throws SQLException {
        var p = DirectoryProxies.tls();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("options", OPTIONS);
        return DriverManager.getConnection(proxy.jdbcUrl(TestPostgres.DATABASE), p);
    }

    /** Logs alice in and out until a kept connection waits on every loop (and her directory answer is cached). */
    private static void warm() throws Exception {
        for (int i = 0; i < 4 * LOOPS && proxy.engine().loginMetrics().keptWaiting() < LOOPS; i++) {
            int waiting = proxy.engine().loginMetrics().keptWaiting();
            long reused = proxy.engine().loginMetrics().keptReused();
            try (Connection c = login("alice", TestDirectory.password("alice"))) {
                assertThat(one(c, "select current_user")).isEqualTo("alice");
            }
            // a new backend joins the waiting ones once reset; a kept one taken goes back where it was
            int expected = proxy.engine().loginMetrics().keptReused() > reused ? waiting : waiting + 1;
            Eventually.passes(Duration.ofSeconds(10), () -> assertThat(proxy.engine().loginMetrics().keptWaiting())
                    .isGreaterThanOrEqualTo(expected));
        }
        assertThat(proxy.engine().loginMetrics().keptWaiting()).isGreaterThanOrEqualTo(LOOPS);
    }

    private static io.rolegate.engine.api.model.AuditWriterStats auditWriter() {
        return proxy.engine().storeMetrics().orElseThrow().audit();
    }

    private static List<AuditRecord> records(AuditEventType type) {
        return proxy.engine().audit().records(AuditQuery.all().type(type).user("alice").limit(1000));
    }

    @Test
    void theDecisionAndTheAdmissionOfAKeptLoginShareOneCommit() throws Exception {
        warm();
        long reused = proxy.engine().loginMetrics().keptReused();
        Eventually.passes(Duration.ofSeconds(10), () -> assertThat(auditWriter().queued()).isZero());
        long commits = auditWriter().commits();
        int pid;
        try (Connection c = login("alice", TestDirectory.password("alice"))) {
            // admitted: its records are durable; the session's end is not written yet
            assertThat(auditWriter().commits()).as("commits for the login's records").isEqualTo(commits + 1);
            pid = Integer.parseInt(one(c, "select pg_backend_pid()"));
        }
        assertThat(proxy.engine().loginMetrics().keptReused()).as("the login ran on a kept connection")
                .isGreaterThan(reused);

        AuditRecord admitted = records(AuditEventType.AUTH_SUCCEEDED).stream()
                .filter(r -> r.event().details().contains("kept, pid " + pid))
                .max(java.util.Comparator.comparingLong(AuditRecord::sequence)).orElseThrow();
        AuditRecord decided = records(AuditEventType.ACCESS_DECIDED).stream()
                .filter(r -> r.sequence() == admitted.sequence() - 1).findFirst().orElseThrow(() ->
                        new AssertionError("no ACCESS_DECIDED right before " + admitted));
        assertThat(decided.event().sessionId()).isEqualTo(admitted.event().sessionId());
        assertThat(proxy.engine().audit().verify().intact()).isTrue();
    }

    @Test
    void whenTheStoreRefusesTheRecordsTheKeptLoginGetsNoReadyForQuery() throws Exception {
        warm();
        long reused = proxy.engine().loginMetrics().keptReused();
        int admittedBefore = records(AuditEventType.AUTH_SUCCEEDED).size();
        int decidedBefore = records(AuditEventType.ACCESS_DECIDED).size();
        int waiting = proxy.engine().loginMetrics().keptWaiting();
        storeRefusesAlicesAdmission(true);
        try {
            assertThatThrownBy(() -> login("alice", TestDirectory.password("alice")).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("58000");
                        assertThat(e.getMessage()).contains("audit log").contains("refused");
                    });
        } finally {
            storeRefusesAlicesAdmission(false);
        }
        assertThat(proxy.engine().loginMetrics().keptReused()).as("the refused login had taken a kept connection")
                .isGreaterThan(reused);
        assertThat(records(AuditEventType.AUTH_SUCCEEDED)).hasSize(admittedBefore);
        assertThat(records(AuditEventType.ACCESS_DECIDED)).as("the decision was in the refused commit")
                .hasSize(decidedBefore);
        // the connection it had taken is closed, not kept again: it served nobody
        Eventually.passes(Duration.ofSeconds(10), () -> assertThat(proxy.engine().loginMetrics().keptWaiting())
                .isEqualTo(waiting - 1));

        try (Connection c = login("alice", TestDirectory.password("alice"))) {
            assertThat(one(c, "select current_user")).as("logins work again once the store takes records")
                    .isEqualTo("alice");
        }
        assertThat(records(AuditEventType.AUTH_SUCCEEDED)).hasSize(admittedBefore + 1);
        assertThat(proxy.engine().audit().verify().intact()).isTrue();
    }

    @Test
    void aWrongPasswordIsRefusedWithACachedAnswerAndAKeptConnectionWaiting() throws Exception {
        warm();
        long reused = proxy.engine().loginMetrics().keptReused();

        assertThatThrownBy(() -> login("alice", TestDirectory.password("alice") + "x").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> login("alice", "").close()).isInstanceOf(SQLException.class);

        assertThat(proxy.engine().loginMetrics().keptReused()).as("no kept connection handed out")
                .isEqualTo(reused);
        assertThat(proxy.engine().loginMetrics().keptWaiting()).isGreaterThanOrEqualTo(LOOPS);
    }

    /** A trigger in the store: every AUTH_SUCCEEDED row for alice fails its insert (and with it its transaction). */
    private static void storeRefusesAlicesAdmission(boolean refuse) throws SQLException {
        try (Connection c = DriverManager.getConnection(storeUrl, TestPostgres.SUPERUSER, "");
             Statement s = c.createStatement()) {
            if (refuse) {
                s.execute("CREATE FUNCTION refuse_alice() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$BEGIN RAISE EXCEPTION 'test: the store refuses this record'; END$$");
                s.execute("CREATE TRIGGER refuse_alice BEFORE INSERT ON audit_event FOR EACH ROW"
                        + " WHEN (NEW.user_name = 'alice' AND NEW.event_type = 'AUTH_SUCCEEDED')"
                        + " EXECUTE FUNCTION refuse_alice()");
            } else {
                s.execute("DROP TRIGGER IF EXISTS refuse_alice ON audit_event");
                s.execute("DROP FUNCTION IF EXISTS refuse_alice()");
            }
        }
    }
}
