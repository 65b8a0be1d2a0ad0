package io.rolegate.engine.session;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorder's bookkeeping, message by message, as the stream scanners feed it: which statement each answer
 * belongs to in pipelines, after errors, for named statements, and around a Sync the server ignored.
 */
class StatementRecorderTest {
    private final List<FinishedStatement> out = new ArrayList<>();
    private final StatementRecorder recorder = new StatementRecorder(out::add);

    @Test
    void aSimpleQueryWithSeveralStatementsGivesOneRecordPerCommandComplete() {
        query("begin; insert into t values (1); commit");
        complete("BEGIN");
        complete("INSERT 0 1");
        complete("COMMIT");
        ready('I');

        assertThat(out).extracting(s -> text(s.tag())).containsExactly("BEGIN", "INSERT 0 1", "COMMIT");
        assertThat(out).allSatisfy(s -> {
            assertThat(s.extended()).isFalse();
            assertThat(text(s.text())).isEqualTo("begin; insert into t values (1); commit");
            assertThat(s.durationNanos()).isNotNegative();
        });
    }

    @Test
    void aPipelineOfExecutesTakesTheTextOfTheNamedStatementTheirBindNames() {
        parse("S_1", "insert into t values ($1)");
        bind("", "S_1");
        execute("");
        bind("", "S_1");
        execute("");
        parse("", "select * from t");
        bind("", "");
        execute("");
        sync();
        complete("INSERT 0 1");
        complete("INSERT 0 1");
        serverRows(2);
        complete("SELECT 2");
        ready('I');

        assertThat(out).extracting(s -> text(s.text())).containsExactly("insert into t values ($1)",
                "insert into t values ($1)", "select * from t");
        assertThat(out).extracting(FinishedStatement::extended).containsOnly(true);
        assertThat(out).extracting(FinishedStatement::dataRows).containsExactly(0L, 0L, 2L);
    }

    @Test
    void anErrorSkipsTheRestOfThePipelineUpToItsSyncAndTheNextRequestStartsClean() {
        parse("", "insert into t values (1)");
        bind("", "");
        execute("");
        parse("", "insert into t values (2)");
        bind("", "");
        execute("");
        sync();
        parse("", "select 1");
        bind("", "");
        execute("");
        sync();
        error("23505", "duplicate key value violates unique constraint");
        ready('I');
        complete("SELECT 1");
        ready('I');

        assertThat(out).hasSize(2);
        assertThat(text(out.get(0).text())).isEqualTo("insert into t values (1)");
        assertThat(text(out.get(0).error())).contains("23505").contains("duplicate key");
        assertThat(text(out.get(1).text())).isEqualTo("select 1");
        assertThat(out.get(1).request()).isGreaterThan(out.get(0).request());
    }

    @Test
    void aParseThatFailsWithNoExecuteIsStillAFailedStatement() {
        parse("", "selec 1");
        sync();
        error("42601", "syntax error at or near \"selec\"");
        ready('I');

        assertThat(out).singleElement().satisfies(s -> {
            assertThat(text(s.text())).isEqualTo("selec 1");
            assertThat(text(s.error())).contains("42601");
        });
    }

    @Test
    void aClosedStatementIsForgotten() {
        parse("S_1", "select 1");
        close('S', "S_1");
        bind("", "S_1");
        execute("");
        sync();
        complete("SELECT 1");
        ready('I');

        assertThat(out).isEmpty(); // no text known: nothing to show, and no stale text shown
    }

    @Test
    void aSyncTheServerIgnoredDuringCopyDoesNotShiftLaterAnswers() {
        parse("", "copy t from stdin");
        bind("", "");
        execute("");
        sync(); // arrives during COPY IN: the server ignores it
        complete("COPY 3");
        sync();
        ready('I');
        parse("", "select 1");
        bind("", "");
        execute("");
        sync();
        complete("SELECT 1");
        ready('I');

        assertThat(out).extracting(s -> text(s.tag())).containsExactly("COPY 3", "SELECT 1");
        assertThat(text(out.get(1).text())).isEqualTo("select 1");
    }

    @Test
    void aSuspendedPortalCountsItsRowsAndTheTransactionStatusTravelsWithTheNextRequest() {
        query("begin");
        complete("BEGIN");
        ready('T');
        parse("", "select * from big");
        bind("C_1", "");
        execute("C_1");
        sync();
        serverRows(10);
        suspended();
        ready('T');

        FinishedStatement s = out.get(1);
        assertThat(s.suspended()).isTrue();
        assertThat(s.dataRows()).isEqualTo(10);
        assertThat(s.statusBefore()).isEqualTo((byte) 'T');
        assertThat(out.get(0).statusBefore()).isEqualTo((byte) 'I');
    }

    @Test
    void anEmptyQueryIsNotAStatement() {
        query("");
        recorder.serverMessage((byte) 'I');
        ready('I');

        assertThat(out).isEmpty();
    }

    // ---- the messages, as the scanners hand them over ----

    private void query(String sql) {
        recorder.clientMessage((byte) 'Q');
        recorder.query(bytes(sql), false);
    }

    private void parse(String name, String sql) {
        recorder.clientMessage((byte) 'P');
        byte[] body = cstrings(name, sql);
        recorder.parsed(body, name.length(), bytes(sql), false);
    }

    private void bind(String portal, String statement) {
        recorder.clientMessage((byte) 'B');
        byte[] body = cstrings(portal, statement);
        recorder.clientBody((byte) 'B', body, body.length);
    }

    private void execute(String portal) {
        recorder.clientMessage((byte) 'E');
        byte[] body = cstrings(portal);
        recorder.clientBody((byte) 'E', body, body.length);
    }

    private void close(char kind, String name) {
        recorder.clientMessage((byte) 'C');
        byte[] body = (kind + name + "\0").getBytes(StandardCharsets.UTF_8);
        recorder.clientBody((byte) 'C', body, body.length);
    }

    private void sync() {
        recorder.clientMessage((byte) 'S');
    }

    private void serverRows(int n) {
        for (int i = 0; i < n; i++) {
            recorder.serverMessage((byte) 'D');
        }
    }

    private void complete(String tag) {
        recorder.serverMessage((byte) 'C');
        byte[] body = cstrings(tag);
        recorder.serverBody((byte) 'C', body, body.length);
    }

    private void suspended() {
        recorder.serverMessage((byte) 's');
    }

    private void error(String sqlState, String message) {
        recorder.serverMessage((byte) 'E');
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("SERROR\0VERROR\0C" + sqlState + "\0M" + message + "\0\0").getBytes(StandardCharsets.UTF_8));
        byte[] body = b.toByteArray();
        recorder.serverBody((byte) 'E', body, body.length);
    }

    private void ready(char status) {
        recorder.serverMessage((byte) 'Z');
        recorder.ready((byte) status);
    }

    private static byte[] cstrings(String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        b.writeBytes(new byte[] {0, 0, 0, 0});
        return b.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
