package io.rolegate.engine.api.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.testbed.ApiTestBed;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.rolegate.engine.testbed.ApiTestBed.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin API's auditor routes (issue 18 items 1–2 over HTTPS) against a real bed.engine(), real PostgreSQL, the
 * UnboundID directory and pgjdbc over real TLS: carol audits (console.auditorGroup), alice administers without
 * auditing, bob only looks; alice's sessions are recorded (data-team). Every route is refused to alice and bob
 * with 403, on record, and nothing starts or stops; carol's trace and reads are audited with her name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditorApiTest {
    @RegisterExtension
    static final ApiTestBed bed = ApiTestBed.recordingDataTeam();

    private static Connection prepared(ConsoleProxy through, String user) throws Exception {
        Properties p = new Properties();
        p.setProperty("prepareThreshold", "1");
        return through.session(user, p);
    }

    @Test
    void anAuditorTracesASessionReadsItsMessagesExportsAndStopsIt() throws Exception {
        String carol = bed.api().login("carol");
        try (Connection alice = prepared(bed.proxy(), "alice")) {
            long id = bed.lastSessionOf("alice");
            String at = "/api/v1/sessions/" + id + "/trace";
            HttpResponse<String> started = bed.api().send("POST", at, carol, "{\"seconds\":600}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            assertThat(json(started).path("startedBy").asText()).isEqualTo("carol");
            assertThat(json(started).path("running").asBoolean()).isTrue();
            HttpResponse<String> again = bed.api().send("POST", at, carol, "{}");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json(again).path("message").asText()).contains("already being traced (by carol)");

            try (PreparedStatement ps = alice.prepareStatement("select ?::int4 * 2 as doubled")) {
                ps.setInt(1, 21);
                ps.executeQuery().close();
            }
            try (Statement s = alice.createStatement()) {
                assertThatThrownBy(() -> s.execute("select * from no_such_table")).isInstanceOf(SQLException.class);
            }
            HttpResponse<String> stopped = bed.api().send("POST", at + "/stop", carol, "{}");
            assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
            assertThat(json(stopped).path("running").asBoolean()).isFalse();
            assertThat(json(stopped).path("stopReason").asText()).isEqualTo("stopped by carol");

            List<JsonNode> lines = new ArrayList<>();
            long after = 0;
            while (true) {
                JsonNode page = json(bed.api().get(at + "/messages?after=" + after, carol));
                if (page.path("messages").isEmpty()) {
                    break;
                }
                page.path("messages").forEach(lines::add);
                after = lines.get(lines.size() - 1).path("seq").asLong();
            }
            List<String> order = lines.stream().map(m -> m.path("from").asText() + " " + m.path("type").asText())
                    .toList();
            assertThat(order).containsSubsequence("client Parse", "client Bind", "client Execute", "client Sync",
                    "server ParseComplete", "server BindComplete", "server RowDescription", "server DataRow",
                    "server CommandComplete", "server ReadyForQuery", "client Parse", "server ErrorResponse",
                    "server ReadyForQuery");
            JsonNode parse = lines.stream().filter(m -> m.path("type").asText().equals("Parse")).findFirst()
                    .orElseThrow();
            assertThat(parse.path("fields").path("text").asText()).isEqualTo("select $1::int4 * ? as doubled");
            JsonNode error = lines.stream().filter(m -> m.path("type").asText().equals("ErrorResponse"))
                    .findFirst().orElseThrow();
            assertThat(error.path("fields").path("sqlstate").asText()).isEqualTo("42P01");
            assertThat(lines.stream().map(m -> m.path("seq").asLong()).toList()).isSorted();

            HttpResponse<String> export = bed.api().get(at + "/export", carol);
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/x-ndjson"));
            assertThat(export.body().lines()).hasSize(lines.size())
                    .allSatisfy(l -> assertThat(l).startsWith("{\"seq\":"));
            assertThat(export.body()).contains("\"sqlstate\":\"42P01\"");
        }
        assertThat(bed.audit(AuditEventType.SESSION_TRACE)).extracting(r -> r.event().actor() + ": "
                        + r.event().message())
                .anyMatch(s -> s.startsWith("carol: ") && s.contains("started by carol"))
                .anyMatch(s -> s.startsWith("carol: ") && s.contains("stopped by carol"))
                .anyMatch(s -> s.startsWith("carol: ") && s.contains("exported by carol"));
        HttpResponse<String> gone = bed.api().send("POST", "/api/v1/sessions/999999/trace", carol, "{}");
        assertThat(gone.statusCode()).isEqualTo(409);
        assertThat(json(gone).path("message").asText()).contains("not a live session");
        assertThat(bed.api().get("/api/v1/sessions/999999/trace", carol).statusCode()).isEqualTo(404);
    }

    @Test
    void aTraceStopsByItselfAtItsMessageLimit() throws Exception {
        String carol = bed.api().login("carol");
        try (Connection alice = bed.proxy().session("alice")) {
            long id = bed.lastSessionOf("alice");
            String at = "/api/v1/sessions/" + id + "/trace";
            assertThat(bed.api().send("POST", at, carol, "{\"seconds\":600,\"maxMessages\":6}").statusCode())
                    .isEqualTo(200);
            try (Statement s = alice.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    s.execute("select " + i);
                }
            }
            Eventually.within(Duration.ofSeconds(30), "the trace stopped at 6 lines", () ->
                    !json(bed.api().get(at, carol)).path("running").asBoolean());
            JsonNode status = json(bed.api().get(at, carol));
            assertThat(status.path("stopReason").asText()).isEqualTo("message limit (6 lines)");
            assertThat(status.path("traced").asLong()).isEqualTo(6);
            assertThat(bed.api().get(at + "/export", carol).body().lines()).hasSize(6);
            assertThat(bed.api().send("POST", at, carol, "{\"seconds\":0}").statusCode()).as("bounds checked")
                    .isEqualTo(400);
            assertThat(bed.api().send("POST", at, carol, "{\"maxMessages\":\"many\"}").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void anAdministratorAndAReadOnlyUserAreRefusedEveryAuditorRouteAndNothingStartsOrStops() throws Exception {
        List<Route> auditorRoutes = bed.api().server().routes().stream().filter(Route::auditor).toList();
        assertThat(auditorRoutes).extracting(r -> r.method() + " " + r.path()).contains(
                "POST /api/v1/sessions/{id}/trace", "GET /api/v1/sessions/{id}/trace/export",
                "POST /api/v1/sessions/{id}/trace/stop", "GET /api/v1/recordings", "GET /api/v1/recordings/{id}");
        String carol = bed.api().login("carol");
        try (Connection bobs = bed.proxy().session("bob"); Connection alices = bed.proxy().session("alice")) {
            long traced = bed.lastSessionOf("bob");
            long untraced = bed.lastSessionOf("alice");
            assertThat(bed.api().send("POST", "/api/v1/sessions/" + traced + "/trace", carol, "{}").statusCode())
                    .isEqualTo(200);
            int refusalsBefore = bed.audit(AuditEventType.CONSOLE_ACTION_REFUSED).size();
            int tracesBefore = bed.audit(AuditEventType.SESSION_TRACE).size();
            int readsBefore = bed.audit(AuditEventType.RECORDING_READ).size();
            for (String user : List.of("alice", "bob")) {
                String token = bed.api().login(user);
                for (Route r : auditorRoutes) {
                    String path = r.path().replace("{id}", Long.toString(r.path().contains("/recordings/") ? 1
                            : traced));
                    HttpResponse<String> answer = bed.api().send(r.method(), path, token, r.example());
                    assertThat(answer.statusCode()).as(user + ": " + r.method() + " " + r.path() + ": "
                            + answer.body()).isEqualTo(403);
                    assertThat(json(answer).path("message").asText()).contains(user).contains("auditor");
                }
                HttpResponse<String> fresh = bed.api().send("POST", "/api/v1/sessions/" + untraced + "/trace", token,
                        "{}");
                assertThat(fresh.statusCode()).isEqualTo(403);
            }
            assertThat(bed.engine().traces().running(untraced)).as("nothing started").isEmpty();
            assertThat(bed.engine().traces().running(traced)).as("nothing stopped").isPresent();
            assertThat(bed.audit(AuditEventType.SESSION_TRACE)).hasSize(tracesBefore);
            assertThat(bed.audit(AuditEventType.RECORDING_READ)).hasSize(readsBefore);
            List<AuditRecord> refusals = bed.audit(AuditEventType.CONSOLE_ACTION_REFUSED);
            assertThat(refusals).hasSize(refusalsBefore + 2 * (auditorRoutes.size() + 1));
            assertThat(refusals.subList(refusalsBefore, refusals.size())).extracting(r -> r.event().actor())
                    .containsOnly("alice", "bob");
            bed.api().send("POST", "/api/v1/sessions/" + traced + "/trace/stop", carol, "{}");
        }
    }

    @Test
    void anAuditorSearchesRecordingsAndReadsOneAsTheClientRanIt() throws Exception {
        try (Connection alice = prepared(bed.proxy(), "alice"); Statement s = alice.createStatement()) {
            s.execute("create temp table api_payroll (id int primary key)");
            assertThat(s.executeUpdate("insert into api_payroll select generate_series(1, 3)")).isEqualTo(3);
            assertThatThrownBy(() -> s.execute("insert into api_payroll values (1)")).isInstanceOf(SQLException.class);
            try (PreparedStatement ps = alice.prepareStatement("delete from api_payroll where id <= ?")) {
                ps.setInt(1, 2);
                assertThat(ps.executeUpdate()).isEqualTo(2);
            }
        }
        try (Connection bob = bed.proxy().session("bob"); Statement s = bob.createStatement()) {
            s.execute("select 1 as api_payroll");
        }
        var carolInProcess = ConsoleProxy.login(bed.engine(), "carol");
        Eventually.within(Duration.ofSeconds(60), "alice's recording was written", () ->
                bed.engine().recordings().search(RecordingQuery.all().text("api_payroll"), carolInProcess).stream()
                        .anyMatch(r -> !r.live() && r.statements() >= 4));
        String carol = bed.api().login("carol");
        JsonNode found = json(bed.api().get("/api/v1/recordings?text=API_PAYROLL", carol));
        assertThat(found.size()).as("bob's session is not recorded").isEqualTo(1);
        long id = found.get(0).path("id").asLong();
        assertThat(found.get(0).path("user").asText()).isEqualTo("alice");
        assertThat(json(bed.api().get("/api/v1/recordings?text=api_payroll&sqlstate=23505", carol))
                .findValuesAsText("id"))
                .containsExactly(Long.toString(id));
        assertThat(json(bed.api().get("/api/v1/recordings?text=api_payroll&sqlstate=22", carol)).size()).isZero();
        assertThat(json(bed.api().get("/api/v1/recordings?user=alice&role=dba_role&text=api_payroll", carol)).size())
                .isEqualTo(1);
        assertThat(json(bed.api().get("/api/v1/recordings?role=readonly_role&text=api_payroll", carol)).size())
                .isZero();
        assertThat(json(bed.api().get("/api/v1/recordings?user=bob", carol)).size()).isZero();
        assertThat(json(bed.api().get("/api/v1/recordings?since=2999-01-01", carol)).size()).isZero();
        assertThat(bed.api().get("/api/v1/recordings?sqlstate=not-a-state", carol).statusCode()).isEqualTo(400);

        JsonNode detail = json(bed.api().get("/api/v1/recordings/" + id, carol));
        assertThat(detail.path("recording").path("reason").asText()).contains("data-team");
        List<String> commands = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (JsonNode st : detail.path("statements")) {
            if (st.path("text").asText().contains("api_payroll")) {
                commands.add(st.path("command").asText("null"));
                rows.add(st.path("rows").asText("null"));
            }
        }
        assertThat(commands).containsExactly("CREATE TABLE", "INSERT 0 3", "null", "DELETE 2");
        assertThat(rows).containsExactly("null", "3", "null", "2");
        assertThat(detail.path("statements").findValuesAsText("sqlState")).contains("23505");

        HttpResponse<String> export = bed.api().get("/api/v1/recordings/" + id + "/export", carol);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body().lines().findFirst().orElseThrow()).startsWith("{\"kind\":\"recording\"");
        assertThat(export.body().lines().count()).isEqualTo(detail.path("statements").size() + 1L);
        assertThat(bed.api().get("/api/v1/recordings/999999", carol).statusCode()).isEqualTo(404);
        HttpResponse<String> noExport = bed.api().get("/api/v1/recordings/999999/export", carol);
        assertThat(noExport.statusCode()).as("refused before the first line: an ordinary error").isEqualTo(409);
        assertThat(json(noExport).path("message").asText()).contains("does not exist");
        assertThat(bed.audit(AuditEventType.RECORDING_READ)).extracting(r -> r.event().actor()).contains("carol")
                .containsOnly("carol");
        assertThat(bed.engine().recordings().search(RecordingQuery.all(), carolInProcess)).extracting(Recording::user)
                .doesNotContain("bob");
    }
}
