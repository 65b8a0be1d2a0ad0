package io.rolegate.engine.recording;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.RecordedStatement.Boundary;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.config.RecordingConfig;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Session recording end to end (issue 18 item 2): a directory-mode engine over real PostgreSQL and the UnboundID
 * directory records the sessions of data-team (alice) and cycle-a (judy) members, not bob's; pgjdbc drives the
 * simple and the extended protocol (prepareThreshold=1, a batch), a failure, a commit and a rollback; an auditor
 * (carol, console.auditorGroup) finds them by user, role, table text and SQLSTATE; a read-only console user (bob)
 * and an administrator who is no auditor (alice) are refused, on record. The sessions run once, the tests read what
 * they left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionRecordingTest {
    @TempDir
    static Path dataDir;

    private ConsoleProxy proxy;
    private ConsoleIdentity auditor;
    private String liveReason;
    private SessionSnapshot bobLive;

    @BeforeAll
    void runTheSessions() throws Exception {
        RecordingConfig record = new RecordingConfig(List.of(TestDirectory.groupDn("data-team"),
                TestDirectory.groupDn("cycle-a")), List.of());
        proxy = ConsoleProxy.withAuditors(dataDir, c -> onStore(c.withAccess(c.access().withRecording(record))));
        extendedSession();
        simpleSession();
        try (Connection judy = login("judy", new Properties()); Statement s = judy.createStatement()) {
            s.execute("select count(*) as judy_reads from pg_class");
        }
        try (Connection bob = login("bob", new Properties()); Statement s = bob.createStatement()) {
            s.execute("select 1 as rec_t");
            bobLive = engine().sessions().stream().filter(x -> x.user().equals("bob")).findFirst().orElseThrow();
        }
        auditor = ConsoleProxy.login(engine(), "carol");
        Eventually.within(Duration.ofSeconds(30), "every session ended and its recording was written", () ->
                engine().sessions().isEmpty() && engine().storeMetrics().orElseThrow().recordingQueued() == 0
                && engine().recordings().search(RecordingQuery.all(), auditor).stream().noneMatch(Recording::live));
    }

    /** The store the engine keeps recordings in: the embedded H2 here; a subclass runs it all on PostgreSQL. */
    io.rolegate.engine.config.RolegateConfig onStore(io.rolegate.engine.config.RolegateConfig c) {
        return c;
    }

    /** alice over the extended protocol: server-prepared from the first use, a batch, a failure, commit, rollback. */
    private void extendedSession() throws Exception {
        Properties p = new Properties();
        p.setProperty("prepareThreshold", "1");
        try (Connection c = login("alice", p)) {
            liveReason = engine().sessions().stream().filter(x -> x.user().equals("alice")).findFirst()
                    .orElseThrow().recordedBecause();
            try (Statement s = c.createStatement()) {
                s.execute("create temp table rec_t (id int primary key, note text)");
            }
            try (PreparedStatement ins = c.prepareStatement("insert into rec_t values (?, ?)")) {
                for (int i = 1; i <= 2; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "secret-" + i);
                    ins.executeUpdate();
                }
                for (int i = 3; i <= 5; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "secret-" + i);
                    ins.addBatch();
                }
                ins.executeBatch();
                ins.setInt(1, 1);
                ins.setString(2, "again");
                assertThatThrownBy(ins::executeUpdate).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            }
            try (Statement s = c.createStatement()) {
                s.executeQuery("select * from rec_t").close();
                c.setAutoCommit(false);
                assertThat(s.executeUpdate("update rec_t set note = 'x' where id <= 2")).isEqualTo(2);
                c.commit();
                assertThat(s.executeUpdate("delete from rec_t where id = 5")).isEqualTo(1);
                c.rollback();
            }
        }
    }

    /** alice again over the simple protocol: several statements in one Query, and a division by zero. */
    private void simpleSession() throws Exception {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", "simple");
        try (Connection c = login("alice", p); Statement s = c.createStatement()) {
            s.execute("begin; select 1 from pg_class limit 1; commit");
            assertThatThrownBy(() -> s.execute("select 1/0")).isInstanceOf(SQLException.class);
        }
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private Engine engine() {
        return proxy.engine();
    }

    private Connection login(String user, Properties extra) throws Exception {
        return proxy.session(user, extra);
    }

    private List<Recording> search(RecordingQuery q) {
        return engine().recordings().search(q, auditor);
    }

    @Test
    void theStatementsAndRowCountsAreWhatTheClientDid() {
        Recording extended = search(RecordingQuery.all().text("rec_t")).stream().reduce((a, b) -> b).orElseThrow();
        List<RecordedStatement> all = engine().recordings().statements(extended.id(), auditor);
        List<RecordedStatement> mine = all.stream()
                .filter(s -> s.text().contains("rec_t") || s.boundary() != null).toList();

        assertThat(mine).extracting(RecordedStatement::command).containsExactly("CREATE TABLE",
                "INSERT 0 1", "INSERT 0 1", "INSERT 0 1", "INSERT 0 1", "INSERT 0 1", null, "SELECT 5",
                "BEGIN", "UPDATE 2", "COMMIT", "BEGIN", "DELETE 1", "ROLLBACK");
        assertThat(mine).extracting(RecordedStatement::rows).containsExactly(null, 1L, 1L, 1L, 1L, 1L, null, 5L,
                null, 2L, null, null, 1L, null);
        RecordedStatement failed = mine.get(6);
        assertThat(failed.sqlState()).isEqualTo("23505");
        assertThat(failed.error()).contains("duplicate key");
        assertThat(failed.text()).isEqualTo("insert into rec_t values ($1, $2)");
        assertThat(mine.subList(0, 8)).extracting(RecordedStatement::protocol).containsOnly("extended");
        assertThat(mine).extracting(RecordedStatement::boundary).containsExactly(null, null, null, null, null, null,
                null, null, Boundary.BEGIN, null, Boundary.COMMIT, Boundary.BEGIN, null, Boundary.ROLLBACK);
        long committed = mine.get(8).transaction();
        assertThat(committed).isPositive();
        assertThat(mine.subList(8, 11)).extracting(RecordedStatement::transaction).containsOnly(committed);
        assertThat(mine.subList(11, 14)).extracting(RecordedStatement::transaction).containsOnly(committed + 1);
        assertThat(mine.subList(0, 8)).extracting(RecordedStatement::transaction).containsOnly(0L);
        assertThat(all).extracting(RecordedStatement::ordinal).isSorted();
        assertThat(all).allSatisfy(s -> assertThat(s.durationMicros()).isNotNegative());
        assertThat(all).extracting(RecordedStatement::started).isSorted();
        assertThat(all).noneMatch(s -> s.text().contains("secret-"));
        assertThat(extended.user()).isEqualTo("alice");
        assertThat(extended.directoryDn()).isEqualTo(TestDirectory.userDn("alice"));
        assertThat(extended.roles()).containsExactly("dba_role");
        assertThat(extended.reason()).isEqualTo("member of " + TestDirectory.groupDn("data-team"));
        assertThat(extended.errors()).isEqualTo(1);
        assertThat(extended.dropped()).isZero();
    }

    @Test
    void aSimpleQueryOfSeveralStatementsIsRecordedOneStatementAtATime() {
        Recording simple = search(RecordingQuery.all().sqlState("22012")).stream().findFirst().orElseThrow();
        List<RecordedStatement> statements = engine().recordings().statements(simple.id(), auditor);
        // pgjdbc opens a simple-mode connection with a SET of its own: the statements the test sent come last
        List<RecordedStatement> all = statements.subList(statements.size() - 4, statements.size());

        assertThat(all).extracting(RecordedStatement::command).containsExactly("BEGIN", "SELECT 1", "COMMIT", null);
        assertThat(all).extracting(RecordedStatement::protocol).containsOnly("simple");
        assertThat(all.get(3).sqlState()).isEqualTo("22012");
        assertThat(all.get(3).text()).isEqualTo("select ?/?");
        assertThat(all.subList(0, 3)).extracting(RecordedStatement::transaction).containsOnly(1L);
    }

    @Test
    void theSessionShowedItWasRecordedAndAUserOutsideThePolicyIsNot() {
        assertThat(liveReason).isEqualTo("member of " + TestDirectory.groupDn("data-team"));
        assertThat(bobLive.recordedBecause()).isNull();
        assertThat(search(RecordingQuery.all().user("bob"))).isEmpty();
        assertThat(search(RecordingQuery.all())).extracting(Recording::user)
                .containsExactlyInAnyOrder("alice", "alice", "judy");
    }

    @Test
    void searchFindsTheRightSessionsAndNothingElse() {
        assertThat(search(RecordingQuery.all().user("ALICE"))).hasSize(2).extracting(Recording::user)
                .containsOnly("alice");
        assertThat(search(RecordingQuery.all().role("readonly_role"))).extracting(Recording::user)
                .containsExactly("judy");
        assertThat(search(RecordingQuery.all().role("dba_role"))).hasSize(2);
        assertThat(search(RecordingQuery.all().text("REC_T"))).singleElement()
                .satisfies(r -> assertThat(r.errors()).isEqualTo(1));
        assertThat(search(RecordingQuery.all().text("judy_reads"))).extracting(Recording::user)
                .containsExactly("judy");
        assertThat(search(RecordingQuery.all().sqlState("23505"))).singleElement()
                .satisfies(r -> assertThat(r.statements()).isGreaterThan(10));
        assertThat(search(RecordingQuery.all().sqlState("23"))).as("a SQLSTATE class").hasSize(1);
        assertThat(search(RecordingQuery.all().sqlState("42P01"))).isEmpty();
        assertThat(search(RecordingQuery.all().user("alice").sqlState("22012"))).hasSize(1);
        assertThat(search(RecordingQuery.all().text("secret-1"))).as("literals are redacted before they are kept")
                .isEmpty();
    }

    @Test
    void anExportIsOneJsonLinePerStatementAfterTheRecordingsOwn() {
        Recording r = search(RecordingQuery.all().user("judy")).get(0);
        StringWriter out = new StringWriter();

        long n = engine().recordings().export(r.id(), out, auditor);

        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize((int) n + 1);
        assertThat(lines[0]).startsWith("{\"kind\":\"recording\",\"recording\":" + r.id())
                .contains("\"user\":\"judy\"").contains("\"roles\":[\"readonly_role\"]");
        assertThat(lines[lines.length - 1]).startsWith("{\"kind\":\"statement\"").contains("judy_reads")
                .contains("\"rows\":1");
    }

    @Test
    void aConsoleUserWhoIsNoAuditorIsRefusedByTheEngineAndTheRefusalIsOnRecord() {
        ConsoleIdentity bob = ConsoleProxy.login(engine(), "bob");
        ConsoleIdentity admin = ConsoleProxy.login(engine(), "alice");
        ConsoleIdentity forged = new ConsoleIdentity("carol", TestDirectory.userDn("carol"), "carol", true, true,
                "forged");

        assertThatThrownBy(() -> engine().recordings().search(RecordingQuery.all(), bob))
                .isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> engine().recordings().statements(1, bob)).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> engine().recordings().search(RecordingQuery.all().user("alice"), admin))
                .as("administering does not imply auditing").isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> engine().recordings().export(1, new StringWriter(), forged))
                .as("a value the engine did not issue").isInstanceOf(PermissionDenied.class);

        var refused = engine().audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED));
        assertThat(refused).filteredOn(r -> "bob".equals(r.event().actor())).hasSize(2)
                .allSatisfy(r -> assertThat(r.event().message()).contains("recording"));
        assertThat(refused).filteredOn(r -> "alice".equals(r.event().actor())).hasSize(1);
        assertThat(engine().audit().records(AuditQuery.all().type(AuditEventType.RECORDING_READ)))
                .isNotEmpty().allSatisfy(r -> assertThat(r.event().actor()).isEqualTo("carol"));
    }
}
