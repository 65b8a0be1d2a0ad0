package io.rolegate.engine.trace;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.SessionTrace;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.config.QueryCaptureConfig;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18 item 1 against real PostgreSQL and a real directory: carol (an auditor) traces alice's pgjdbc session —
 * server-prepared statements, a binary COPY, an error in a transaction — and reads every message in order with the
 * fields a DBA reads, never a value; the buffer's bounds, the trace's end with the session, and its audit.
 */
class SessionTraceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    ConsoleProxy proxy;

    private Engine start(CaptureMode capture) throws Exception {
        proxy = ConsoleProxy.withAuditors(dataDir, c -> c.withAccess(c.access().withQueryCapture(
                new QueryCaptureConfig(capture, Map.of()))));
        return proxy.engine();
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private Connection alice() throws Exception {
        Properties p = new Properties();
        p.setProperty("prepareThreshold", "1"); // server-prepared from the first execution
        return proxy.session("alice", p);
    }

    private static long only(Engine engine) throws Exception {
        return Eventually.within(WAIT, "one live session", () -> engine.sessions().size() == 1
                ? engine.sessions().get(0).id() : null, id -> id != null);
    }

    private static List<TraceMessage> stopAndRead(SessionTrace trace, ConsoleIdentity who) throws Exception {
        trace.stop(who);
        trace.stopped().get(10, TimeUnit.SECONDS);
        return trace.messagesAfter(0, who);
    }

    private static TraceMessage first(List<TraceMessage> lines, String type, String key, Object value) {
        return lines.stream().filter(m -> m.type().equals(type) && value.equals(m.fields().get(key))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " with " + key + "=" + value + " in "
                        + lines.stream().map(m -> m.from() + " " + m.type() + " " + m.summary()).toList()));
    }

    /** PGCOPY binary: the signature, two rows (int4, text), the trailer. */
    private static byte[] binaryCopy() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeInt(0);
        out.writeInt(0);
        for (int i = 1; i <= 2; i++) {
            byte[] name = ("zebra-copy-" + i).getBytes(StandardCharsets.UTF_8);
            out.writeShort(2);
            out.writeInt(4);
            out.writeInt(i);
            out.writeInt(name.length);
            out.write(name);
        }
        out.writeShort(-1);
        return bytes.toByteArray();
    }

    @Test
    void aTracedSessionShowsEveryMessageInOrderWithItsFieldsAndNoValues() throws Exception {
        Engine engine = start(CaptureMode.FULL);
        ConsoleIdentity carol = ConsoleProxy.login(engine, "carol");
        try (Connection c = alice()) {
            SessionTrace trace = engine.traces().start(only(engine), TraceLimits.defaults(), carol);
            try (PreparedStatement ps = c.prepareStatement("select ?::int4 + 1 as answer, ?::text as label")) {
                ps.setInt(1, 41);
                ps.setString(2, "zebra-param");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(42);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("create temp table traced(id int4, name text)");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyIn("COPY traced FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(binaryCopy()))).isEqualTo(2);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("select 1/0")).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("22012"));
            }
            c.rollback();
            List<TraceMessage> lines = stopAndRead(trace, carol);
            List<String> order = lines.stream().map(m -> m.from() + " " + m.type()).toList();
            assertThat(lines).extracting(TraceMessage::seq).isSorted();

            TraceMessage parse = first(lines, "Parse", "text", "select $1::int4 + 1 as answer, $2::text as label");
            assertThat(parse.fields()).containsEntry("parameterTypes", 2);
            assertThat((String) parse.fields().get("statement")).startsWith("S_");
            TraceMessage bind = first(lines, "Bind", "statement", parse.fields().get("statement"));
            assertThat(bind.fields()).containsEntry("parameters", 2).containsKey("parameterFormats")
                    .containsKey("resultFormats");
            TraceMessage columns = first(lines, "RowDescription", "names", List.of("answer", "label"));
            assertThat(columns.fields()).containsEntry("types", List.of("int4", "text"));
            TraceMessage row = first(lines, "DataRow", "columns", 2);
            assertThat(row.count()).isEqualTo(1);
            first(lines, "CommandComplete", "tag", "SELECT 1");
            assertThat(order).containsSubsequence("client Parse", "client Bind", "client Execute", "client Sync");
            assertThat(order).containsSubsequence("client Parse", "server ParseComplete", "server BindComplete",
                    "server DataRow", "server CommandComplete", "server ReadyForQuery");
            assertThat(parse.seq()).isLessThan(bind.seq()).isLessThan(row.seq());

            TraceMessage copyIn = first(lines, "CopyInResponse", "format", "binary");
            assertThat(copyIn.fields()).containsEntry("columns", 2);
            TraceMessage data = lines.stream().filter(m -> m.type().equals("CopyData")).findFirst().orElseThrow();
            assertThat(data.from()).isEqualTo("client");
            assertThat(data.bytes()).isGreaterThan(binaryCopy().length);
            first(lines, "CommandComplete", "tag", "COPY 2");
            assertThat(order).containsSubsequence("server CopyInResponse", "client CopyData", "client CopyDone",
                    "server CommandComplete");

            TraceMessage error = first(lines, "ErrorResponse", "sqlstate", "22012");
            assertThat(error.fields()).containsEntry("severity", "ERROR").containsEntry("message", "division by zero");
            first(lines, "ReadyForQuery", "status", "failed transaction");
            assertThat(order.subList(order.indexOf("server ErrorResponse"), order.size()))
                    .containsSubsequence("server ErrorResponse", "server ReadyForQuery");

            StringWriter out = new StringWriter();
            assertThat(trace.export(out, carol)).isEqualTo(lines.size());
            String jsonl = out.toString();
            assertThat(jsonl.lines()).hasSize(lines.size()).allSatisfy(l -> assertThat(l).startsWith("{\"seq\":"));
            assertThat(jsonl).contains("\"sqlstate\":\"22012\"").contains("\"type\":\"CopyInResponse\"")
                    .doesNotContain("zebra-param").doesNotContain("zebra-copy");
        }
        List<AuditRecord> audited = engine.audit().records(AuditQuery.all().type(AuditEventType.SESSION_TRACE));
        assertThat(audited).extracting(r -> r.event().actor() + ": " + r.event().message())
                .anyMatch(s -> s.startsWith("carol: trace of session") && s.contains("started by carol"))
                .anyMatch(s -> s.startsWith("carol: ") && s.contains("stopped by carol"))
                .anyMatch(s -> s.startsWith("carol: ") && s.contains("exported by carol"));
        assertThat(audited).hasSize(3).allSatisfy(r -> assertThat(r.event().user()).as("the traced session's user")
                .isEqualTo("alice"));
    }

    @Test
    void statementTextIsRedactedWhenCaptureIsRedacted() throws Exception {
        Engine engine = start(CaptureMode.REDACTED);
        ConsoleIdentity carol = ConsoleProxy.login(engine, "carol");
        try (Connection c = proxy.session("alice")) {
            SessionTrace trace = engine.traces().start(only(engine), TraceLimits.defaults(), carol);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select 'zebra-literal' as secret, 42 as answer")) {
                rs.next();
            }
            List<TraceMessage> lines = stopAndRead(trace, carol);
            TraceMessage statement = lines.stream().filter(m -> m.type().equals("Query") || m.type().equals("Parse"))
                    .filter(m -> String.valueOf(m.fields().get("text")).contains("as secret")).findFirst()
                    .orElseThrow();
            assertThat(statement.fields().get("text")).isEqualTo("select ? as secret, ? as answer");
            StringWriter out = new StringWriter();
            trace.export(out, carol);
            assertThat(out.toString()).doesNotContain("zebra-literal").contains("select ? as secret");
        }
    }

    @Test
    void theBufferKeepsTheNewestLinesAndSaysHowManyItDropped() throws Exception {
        Engine engine = start(CaptureMode.OFF);
        ConsoleIdentity carol = ConsoleProxy.login(engine, "carol");
        try (Connection c = proxy.session("alice")) {
            SessionTrace trace = engine.traces().start(only(engine),
                    TraceLimits.defaults().withKeepMessages(50), carol);
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < 100; i++) {
                    s.execute("select " + i);
                }
            }
            List<TraceMessage> lines = stopAndRead(trace, carol);
            var status = trace.status();
            assertThat(status.running()).isFalse();
            assertThat(status.kept()).isEqualTo(50);
            assertThat(status.dropped()).isEqualTo(status.traced() - 50).isGreaterThan(300);
            assertThat(lines).hasSize(50);
            assertThat(lines.get(0).seq()).isEqualTo(status.dropped() + 1);
            assertThat(lines.get(49).seq()).isEqualTo(status.traced());
        }
    }

    @Test
    void anAdministratorAndAReadOnlyUserAreRefusedAtTheEngineAndEachRefusalIsAudited() throws Exception {
        Engine engine = start(CaptureMode.OFF);
        ConsoleIdentity alice = ConsoleProxy.login(engine, "alice");
        ConsoleIdentity bob = ConsoleProxy.login(engine, "bob");
        ConsoleIdentity carol = ConsoleProxy.login(engine, "carol");
        long id;
        try (Connection c = proxy.session("alice")) {
            id = only(engine);
            assertThatThrownBy(() -> engine.traces().start(id, TraceLimits.defaults(), alice))
                    .isInstanceOf(PermissionDenied.class)
                    .hasMessageContaining("alice is no auditor").hasMessageContaining("console.auditorGroup");
            assertThatThrownBy(() -> engine.traces().start(id, TraceLimits.defaults(), bob))
                    .isInstanceOf(PermissionDenied.class).hasMessageContaining("bob is no auditor");
            assertThat(engine.traces().running(id)).isEmpty();

            SessionTrace trace = engine.traces().start(id, TraceLimits.defaults(), carol);
            assertThatThrownBy(() -> trace.messagesAfter(0, bob)).isInstanceOf(PermissionDenied.class);
            assertThatThrownBy(() -> trace.export(new StringWriter(), alice)).isInstanceOf(PermissionDenied.class);
            assertThatThrownBy(() -> engine.traces().start(id, TraceLimits.defaults(), carol))
                    .hasMessageContaining("already being traced");
            trace.stop(carol);
        }
        String auditors = " one must be a member of console.auditorGroup";
        assertThat(engine.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED)))
                .extracting(r -> r.event().actor() + ": " + r.event().message())
                .containsExactly(
                        "alice: refused to trace session " + id + ": alice is no auditor (member of cn=dba via"
                                + " cn=data-team); to trace session " + id + auditors,
                        "bob: refused to trace session " + id + ": bob is no auditor (member of cn=readers via"
                                + " cn=analysts); to trace session " + id + auditors,
                        "bob: refused to read the trace of session " + id + ": bob is no console auditor by the"
                                + " engine's record of the login",
                        "alice: refused to export the trace of session " + id + ": alice is no auditor (member of"
                                + " cn=dba via cn=data-team); to export the trace of session " + id + auditors);
    }

    @Test
    void aLargeResultPassesWholeAndTheSizeLimitStopsTheTraceInIt() throws Exception {
        Engine engine = start(CaptureMode.OFF);
        ConsoleIdentity carol = ConsoleProxy.login(engine, "carol");
        try (Connection c = proxy.session("alice")) {
            SessionTrace trace = engine.traces().start(only(engine),
                    TraceLimits.defaults().withStopAfterBytes(256 << 10), carol);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select g, repeat('x', 2000) from generate_series(1, 200) g")) {
                int rows = 0;
                while (rs.next()) {
                    assertThat(rs.getString(2)).hasSize(2000);
                    rows++;
                }
                assertThat(rows).isEqualTo(200);
            }
            assertThat(trace.stopped().get(10, TimeUnit.SECONDS)).startsWith("size limit");
            List<TraceMessage> lines = trace.messagesAfter(0, carol);
            List<TraceMessage> rows = lines.stream().filter(m -> m.type().equals("DataRow")).toList();
            assertThat(rows).isNotEmpty().allSatisfy(m -> assertThat(m.fields()).containsEntry("columns", 2));
            assertThat(rows.stream().mapToInt(TraceMessage::count).sum()).isBetween(100, 199);
            assertThat(lines).noneMatch(m -> m.type().equals("CommandComplete"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 'after'")) {
                rs.next();
                assertThat(rs.getString(1)).as("the session relays on, untraced").isEqualTo("after");
            }
            assertThat(trace.messagesAfter(0, carol)).hasSameSizeAs(lines);
        }
    }

    @Test
    void withoutConsoleLoginsTheOperatorMayTrace() throws Exception {
        try (TestProxy passthrough = TestProxy.start(dataDir.resolve("plain"));
             Connection c = passthrough.connect()) {
            Engine engine = passthrough.engine();
            ConsoleIdentity operator = engine.operator("dba");
            assertThat(operator.mayAudit()).isTrue();
            SessionTrace trace = engine.traces().start(only(engine), TraceLimits.defaults(), operator);
            try (Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            assertThat(stopAndRead(trace, operator)).extracting(TraceMessage::type).contains("CommandComplete");
        }
    }

    @Test
    void theTraceStopsWhenTheSessionEndsOrItsTimeIsUp() throws Exception {
        Engine engine = start(CaptureMode.OFF);
        ConsoleIdentity carol = ConsoleProxy.login(engine, "carol");
        SessionTrace ended;
        try (Connection c = proxy.session("alice")) {
            ended = engine.traces().start(only(engine), TraceLimits.defaults(), carol);
            try (Statement s = c.createStatement()) {
                s.execute("select 1");
            }
        }
        assertThat(ended.stopped().get(10, TimeUnit.SECONDS)).isEqualTo("the session ended");
        assertThat(engine.traces().running(ended.sessionId())).isEmpty();
        assertThat(ended.messagesAfter(0, carol)).extracting(TraceMessage::type).contains("Terminate");

        try (Connection c = proxy.session("alice")) {
            SessionTrace timed = engine.traces().start(only(engine),
                    TraceLimits.defaults().withMaxDuration(Duration.ofSeconds(1)), carol);
            assertThat(timed.stopped().get(10, TimeUnit.SECONDS)).startsWith("time limit");
            try (Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            assertThat(timed.status().traced()).isZero();
        }
        Eventually.within(WAIT, "the engine's stops on record", () -> engine.audit().records(AuditQuery.all()
                        .type(AuditEventType.SESSION_TRACE)).stream().filter(r -> r.event().actor().equals("engine"))
                .map(r -> r.event().message()).toList().size() == 2);
    }
}
