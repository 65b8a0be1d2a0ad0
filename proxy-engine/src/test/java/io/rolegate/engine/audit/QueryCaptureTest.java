package io.rolegate.engine.audit;

import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.config.QueryCaptureConfig;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Statements captured into the audit per policy, through the proxy with pgjdbc: simple and extended protocol. */
class QueryCaptureTest {
    private static final String SECRET_LITERAL = "card-4111-1111";

    @TempDir
    Path dataDir;

    @Test
    void redactedModeRecordsTheShapeOfEachStatementButNoLiteral() throws Exception {
        List<AuditRecord> queries = runStatements(new QueryCaptureConfig(CaptureMode.REDACTED, Map.of()));

        assertThat(queries).extracting(r -> r.event().message())
                .contains("select ?::text, ? as answer", "select length($1)")
                .noneMatch(m -> m.contains(SECRET_LITERAL) || m.contains("42"));
        assertThat(queries).anySatisfy(r -> assertThat(r.event().details()).contains("\"protocol\":\"simple\""))
                .anySatisfy(r -> assertThat(r.event().details()).contains("\"protocol\":\"parse\""))
                .allSatisfy(r -> {
                    assertThat(r.event().user()).isEqualTo(TestPostgres.SCRAM_USER);
                    assertThat(r.event().sessionId()).isNotBlank();
                    assertThat(r.event().details()).contains("\"capture\":\"redacted\"");
                });
    }

    @Test
    void fullModeKeepsTheLiteral() throws Exception {
        List<AuditRecord> queries = runStatements(new QueryCaptureConfig(CaptureMode.FULL, Map.of()));

        assertThat(queries).extracting(r -> r.event().message())
                .contains("select '" + SECRET_LITERAL + "'::text, 42 as answer", "select length($1)");
    }

    @Test
    void offWritesNoStatementAndTheLoginSaysSo() throws Exception {
        List<AuditRecord> queries = runStatements(QueryCaptureConfig.off());

        assertThat(queries).isEmpty();
    }

    @Test
    void aRoleEntryOverridesTheDefault() throws Exception {
        List<AuditRecord> queries = runStatements(new QueryCaptureConfig(CaptureMode.OFF,
                Map.of(TestPostgres.SCRAM_USER, CaptureMode.FULL)));

        assertThat(queries).extracting(r -> r.event().message()).contains("select '" + SECRET_LITERAL
                + "'::text, 42 as answer");
    }

    /** Two sessions, one sending a simple Query, one a Parse; the QUERY records once the engine has stopped. */
    private List<AuditRecord> runStatements(QueryCaptureConfig capture) throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir, c -> c.withAccess(c.access().withQueryCapture(capture)))) {
            Properties simple = new Properties();
            simple.setProperty("preferQueryMode", "simple");
            try (Connection c = proxy.connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD, simple);
                 Statement s = c.createStatement()) {
                s.execute("select '" + SECRET_LITERAL + "'::text, 42 as answer");
            }
            try (Connection c = proxy.connect(); PreparedStatement p = c.prepareStatement("select length(?)")) {
                p.setString(1, SECRET_LITERAL);
                p.execute();
            }
        }
        // stopping drains the capture queue into the chain, so everything captured is in the store now
        try (Store store = Store.openDataDirectory(dataDir)) {
            String mode = capture.modeFor(List.of(TestPostgres.SCRAM_USER)).name().toLowerCase(Locale.ROOT);
            assertThat(store.audit().query(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED)))
                    .hasSize(2).allSatisfy(r -> assertThat(r.event().details())
                            .contains("\"capture_queries\":\"" + mode + "\""));
            assertThat(store.audit().verify().intact()).isTrue();
            return store.audit().query(AuditQuery.all().type(AuditEventType.QUERY));
        }
    }
}
