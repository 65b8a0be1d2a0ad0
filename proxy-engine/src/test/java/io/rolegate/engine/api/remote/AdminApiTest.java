package io.rolegate.engine.api.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.config.ApiConfig;
import io.rolegate.engine.testbed.ApiTestBed;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestAdminApi;
import io.rolegate.engine.testbed.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.rolegate.engine.testbed.ApiTestBed.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The remote admin API against a real engine (real PostgreSQL, the UnboundID directory over TCP, pgjdbc sessions)
 * over real TLS: alice administers, bob and carol only look (see {@link ConsoleProxy}). One engine for the class;
 * each test logs in afresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
    @RegisterExtension
    static final ApiTestBed bed = ApiTestBed.console().onAMovableClock();

    @Test
    void anAdministratorListsALiveSessionAndDisconnectsItAndTheAuditNamesThem() throws Exception {
        String alice = bed.api().login("alice");
        try (Connection bobs = bed.proxy().session("bob")) {
            long id = bed.sessionOf("bob");
            HttpResponse<String> listed = bed.api().get("/api/v1/sessions", alice);
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(json(listed).findValuesAsText("user")).contains("bob");
            assertThat(json(bed.api().get("/api/v1/sessions/" + id, alice)).path("user").asText()).isEqualTo("bob");

            var loop = LiveSessions.queryLoop(bobs);
            HttpResponse<String> ended = bed.api().send("POST", "/api/v1/sessions/" + id + "/disconnect", alice,
                    "{\"reason\":\"maintenance window\"}");

            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
            PSQLException e = loop.get(60, TimeUnit.SECONDS);
            assertThat((Object) e).as("bob's session was ended").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("57P01");
            assertThat(e.getMessage()).contains("terminated by an administrator");
            assertThat(e.getMessage()).contains("maintenance window");
        }
        assertThat(bed.audit(AuditEventType.ADMIN_ACTION)).anySatisfy(r -> {
            assertThat(r.event().actor()).isEqualTo("alice");
            assertThat(r.event().message()).contains("disconnect session").contains("maintenance window");
        });
        assertThat(bed.api().get("/api/v1/sessions/999999", alice).statusCode()).isEqualTo(404);
        assertThat(bed.api().send("POST", "/api/v1/sessions/999999/disconnect", alice, "{}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aReadOnlyUserIsRefusedEveryMutatingRouteAndNothingChanges() throws Exception {
        String bob = bed.api().login("bob");
        List<Route> mutating = bed.api().server().routes().stream().filter(Route::mutating).toList();
        assertThat(mutating).extracting(r -> r.method() + " " + r.path()).contains(
                "POST /api/v1/sessions/{id}/disconnect", "POST /api/v1/sessions/{id}/cancel", "PUT /api/v1/mappings",
                "POST /api/v1/mappings/undo");
        var mappings = bed.engine().directory().mappings();
        int versions = bed.engine().settings().history().size();
        int refusalsBefore = bed.audit(AuditEventType.CONSOLE_ACTION_REFUSED).size();
        int actionsBefore = bed.audit(AuditEventType.ADMIN_ACTION).size();
        try (Connection alices = bed.proxy().session("alice")) {
            long id = bed.sessionOf("alice");
            for (Route r : mutating) {
                String path = r.path().replace("{id}", Long.toString(id)).replace("{version}", "1");
                HttpResponse<String> answer = bed.api().send(r.method(), path, bob, r.example());
                assertThat(answer.statusCode()).as(r.method() + " " + r.path() + ": " + answer.body()).isEqualTo(403);
                assertThat(json(answer).path("message").asText()).contains("bob may only look");
            }
            // the same two actions aimed at another node of the fleet take the facade's fleet path: refused too
            for (String action : List.of("disconnect", "cancel")) {
                HttpResponse<String> answer = bed.api().send("POST", "/api/v1/sessions/" + id + "/" + action, bob,
                        "{\"node\": \"node-elsewhere\"}");
                assertThat(answer.statusCode()).as(action + " on another node: " + answer.body()).isEqualTo(403);
                assertThat(json(answer).path("message").asText()).contains("bob may only look");
            }
            assertThat(DirectoryProxies.one(alices, "select 1")).as("alice's session lives on").isEqualTo("1");
        }
        assertThat(bed.engine().directory().mappings()).containsExactlyInAnyOrderElementsOf(mappings);
        assertThat(bed.engine().settings().history()).hasSize(versions);
        assertThat(bed.audit(AuditEventType.ADMIN_ACTION)).hasSize(actionsBefore);
        assertThat(bed.audit(AuditEventType.CONSOLE_ACTION_REFUSED)).hasSize(refusalsBefore + mutating.size() + 2)
                .last().satisfies(r -> assertThat(r.event().actor()).isEqualTo("bob"));
    }

    @Test
    void aMissingForgedLoggedOutOrExpiredTokenGets401() throws Exception {
        assertThat(bed.api().get("/api/v1/sessions", null).statusCode()).isEqualTo(401);
        HttpResponse<String> forged = bed.api().get("/api/v1/sessions", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
        assertThat(json(forged).path("message").asText()).contains("not valid");

        String alice = bed.api().login("alice");
        assertThat(bed.api().get("/api/v1/me", alice).statusCode()).isEqualTo(200);
        assertThat(bed.api().send("POST", "/api/v1/logout", alice, null).statusCode()).isEqualTo(200);
        assertThat(bed.api().get("/api/v1/sessions", alice).statusCode()).isEqualTo(401);
        assertThat(bed.api().send("PUT", "/api/v1/mappings", alice, ApiRoutes.MAPPINGS_EXAMPLE).statusCode())
                .isEqualTo(401);

        String again = bed.api().login("alice");
        bed.clock().advance(ApiConfig.DEFAULT_TOKEN_LIFETIME.plusSeconds(1));
        HttpResponse<String> expired = bed.api().get("/api/v1/sessions", again);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired).path("message").asText()).contains("expired");
        assertThat(bed.api().get("/api/v1/sessions", again).statusCode()).as("and stays refused").isEqualTo(401);
        assertThat(bed.audit(AuditEventType.CONSOLE_LOGOUT)).extracting(r -> r.event().actor()).contains("alice");
    }

    @Test
    void malformedBodiesGet400NamingTheField() throws Exception {
        String alice = bed.api().login("alice");
        HttpResponse<String> notJson = bed.api().send("POST", "/api/v1/mappings/preview", alice, "{\"mappings\": [");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("message").asText()).contains("not valid JSON");

        HttpResponse<String> unknown = bed.api().send("POST", "/api/v1/mappings/preview", alice,
                "{\"mappings\":[{\"groupDn\":\"cn=dba,ou=groups,dc=example,dc=org\",\"roles\":[\"dba_role\"],"
                        + "\"role\":\"x\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("field").asText()).isEqualTo("mappings[0].role");
        assertThat(json(unknown).path("message").asText()).contains("unknown field \"role\"");

        HttpResponse<String> wrongType = bed.api().send("PUT", "/api/v1/mappings", alice, "{\"mappings\":{\"a\":1}}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(wrongType).path("field").asText()).isEqualTo("mappings");

        HttpResponse<String> numberForText = bed.api().send("POST", "/api/v1/login", null,
                "{\"username\":42,\"password\":\"x\"}");
        assertThat(numberForText.statusCode()).isEqualTo(400);
        assertThat(json(numberForText).path("field").asText()).isEqualTo("username");

        HttpResponse<String> badDn = bed.api().send("POST", "/api/v1/mappings/preview", alice,
                "{\"mappings\":[{\"groupDn\":\"not a dn\",\"roles\":[\"dba_role\"]}]}");
        assertThat(badDn.statusCode()).isEqualTo(400);
        assertThat(json(badDn).path("field").asText()).isEqualTo("mappings[0]");

        assertThat(bed.api().get("/api/v1/sessions/abc", alice).statusCode()).isEqualTo(400);
        assertThat(bed.api().get("/api/v1/audit?limit=0", alice).statusCode()).isEqualTo(400);
        assertThat(bed.api().get("/api/v1/audit?type=NOPE", alice).statusCode()).isEqualTo(400);
        assertThat(bed.api().send("DELETE", "/api/v1/sessions", alice, null).statusCode()).isEqualTo(405);
        assertThat(bed.api().get("/api/v1/nothing-here", alice).statusCode()).isEqualTo(404);
        assertThat(bed.api().send("PUT", "/api/v1/mappings", alice, null).statusCode()).as("no body: mappings required")
                .isEqualTo(400);
        assertThat(bed.engine().directory().mappings()).containsExactlyInAnyOrderElementsOf(DirectoryProxies.MAPPINGS);
    }

    @Test
    void theReadRoutesAnswerWithTheFacadesValues() throws Exception {
        String bob = bed.api().login("bob");
        JsonNode me = json(bed.api().get("/api/v1/me", bob));
        assertThat(me.path("administrator").asBoolean()).isFalse();
        assertThat(me.path("username").asText()).isEqualTo("bob");
        assertThat(json(bed.api().get("/api/v1/engine", bob)).path("state").asText()).isEqualTo("running");
        assertThat(json(bed.api().get("/api/v1/mappings", bob)).findValuesAsText("groupDn"))
                .hasSize(DirectoryProxies.MAPPINGS.size());
        JsonNode plan = json(bed.api().send("POST", "/api/v1/mappings/preview", bob, ApiRoutes.MAPPINGS_EXAMPLE));
        assertThat(plan.path("changes").isArray()).isTrue();
        JsonNode versions = json(bed.api().get("/api/v1/config/versions", bob));
        assertThat(versions.size()).isPositive();
        int newest = versions.get(0).path("version").asInt();
        assertThat(json(bed.api().get("/api/v1/config/versions/" + newest, bob)).path("yaml").asText())
                .contains("mappings");
        assertThat(bed.api().get("/api/v1/config/versions/99999", bob).statusCode()).isEqualTo(404);
        assertThat(json(bed.api().get("/api/v1/audit?type=CONSOLE_LOGIN&limit=5", bob)).findValuesAsText("type"))
                .isNotEmpty().allMatch("CONSOLE_LOGIN"::equals);
        assertThat(json(bed.api().get("/api/v1/directory/groups?text=dba", bob)).findValuesAsText("name"))
                .contains("dba");
        assertThat(json(bed.api().get("/api/v1/directory/users?text=ali", bob)).findValuesAsText("username"))
                .contains("alice");
        assertThat(bed.api().get("/api/v1/session-history?limit=5", bob).statusCode()).isEqualTo(200);

        // the export a read-only login may make, as of the listing it may read: streamed, CSV or JSON Lines
        HttpResponse<String> csv = bed.api().get("/api/v1/audit/export?format=csv&type=CONSOLE_LOGIN", bob);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("seq,time,type,");
        assertThat(lines.subList(1, lines.size())).isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("CONSOLE_LOGIN"));
        HttpResponse<String> jsonl = bed.api().get("/api/v1/audit/export?type=CONSOLE_LOGIN", bob);
        assertThat(jsonl.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/x-ndjson"));
        assertThat(jsonl.body().lines()).hasSize(lines.size() - 1).allSatisfy(l -> assertThat(ApiJson.tree(l)
                .path("type").asText()).isEqualTo("CONSOLE_LOGIN"));
        HttpResponse<String> xml = bed.api().get("/api/v1/audit/export?format=xml", bob);
        assertThat(xml.statusCode()).isEqualTo(400);
        assertThat(json(xml).path("field").asText()).isEqualTo("format");
        assertThat(bed.api().get("/api/v1/audit/export?format=csv", null).statusCode()).as("no login").isEqualTo(401);
    }

    @Test
    void anAdministratorAppliesAndUndoesAMappingChange() throws Exception {
        String alice = bed.api().login("alice");
        String grow = "{\"mappings\":[" + DirectoryProxies.MAPPINGS.stream().map(m -> "{\"groupDn\":\""
                + m.groupDn() + "\",\"roles\":[\"" + String.join("\",\"", m.roles()) + "\"]}")
                .reduce((a, b) -> a + "," + b).orElseThrow()
                + ",{\"groupDn\":\"cn=analysts,ou=groups,dc=example,dc=org\",\"roles\":[\"readonly_role\"]}],"
                + "\"comment\":\"analysts read too\"}";
        HttpResponse<String> applied = bed.api().send("PUT", "/api/v1/mappings", alice, grow);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(bed.engine().directory().mappings()).hasSize(DirectoryProxies.MAPPINGS.size() + 1);

        HttpResponse<String> undone = bed.api().send("POST", "/api/v1/mappings/undo", alice, "{}");
        assertThat(undone.statusCode()).as(undone.body()).isEqualTo(200);
        assertThat(bed.engine().directory().mappings()).containsExactlyInAnyOrderElementsOf(DirectoryProxies.MAPPINGS);
        assertThat(bed.audit(AuditEventType.MAPPING_CHANGED)).last()
                .satisfies(r -> assertThat(r.event().actor()).isEqualTo("alice"));
    }

    @Test
    void wrongPasswordsAreRefusedThenThrottled() throws Exception {
        String body = "{\"username\":\"dave\",\"password\":\"Tr0ub4dor-guess\"}";
        HttpResponse<String> first = bed.api().send("POST", "/api/v1/login", null, body);
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(json(first).path("message").asText()).contains("wrong user name or password");
        HttpResponse<String> last = first;
        for (int i = 0; i < 10 && last.statusCode() != 429; i++) {
            last = bed.api().send("POST", "/api/v1/login", null, body);
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(bed.audit(AuditEventType.CONSOLE_LOGIN_REFUSED)).extracting(r -> r.event().user()).contains("dave");
        assertThat(bed.engine().audit().records(AuditQuery.all()).stream().map(r -> r.event().message() + " "
                + r.event().details())).noneMatch(text -> text.contains("Tr0ub4dor"));
    }

    @Test
    void plaintextHttpToTheApiPortGetsNoAnswer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bed.api().port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = in.readNBytes(64);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
        } catch (java.io.IOException closed) {
            // the server may reset the connection or never answer in HTTP: no answer either way
            assertThat(closed).isNotInstanceOf(java.net.ConnectException.class);
        }
        assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + bed.api().port() + "/api/v1/sessions"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void withClientCaAClientWithoutACertificateIsRefusedInTheHandshake() throws Exception {
        TestCertificates.Authority clients = TestCertificates.authority("Rolegate API client CA");
        Path clientCa = clients.writeCertificate(bed.certDir().resolve("client-ca.crt"));
        TestCertificates.PemSet pem = TestAdminApi.certificates(bed.certDir().resolve("mtls"));
        try (TestAdminApi mtls = TestAdminApi.start(bed.engine(), ApiConfig.loopback(0, pem.certificate(), pem.key())
                .withClientCa(clientCa), pem.ca(), bed.clock())) {
            assertThatThrownBy(() -> mtls.get("/api/v1/sessions", null)).isInstanceOf(java.io.IOException.class);

            TestCertificates.Issued card = clients.issueClient("CN=alice,O=Example");
            KeyManagers keys = KeyManagers.of(card);
            var withCertificate = TestAdminApi.client(pem.ca(), keys.managers());
            HttpResponse<String> r = withCertificate.send(mtls.request("/api/v1/sessions", null).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("through TLS, then the token check").isEqualTo(401);
        }
    }

    @Test
    void selfSignedServesTheEnginesOwnCertificateWhichTheDataDirectoryHolds() throws Exception {
        ApiConfig self = new ApiConfig(true, "127.0.0.1", 0, null, null, true, null,
                ApiConfig.DEFAULT_TOKEN_LIFETIME);
        try (TestAdminApi trial = TestAdminApi.start(bed.engine(), self, bed.dataDir().resolve("tls/self-signed.crt"),
                bed.clock())) {
            String alice = trial.login("alice");
            assertThat(trial.get("/api/v1/me", alice).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void connectionsThatStallBeforeTheirRequestDoNotKeepTheApiFromAnswering() throws Exception {
        List<Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < ApiServer.WORKERS; i++) {
                Socket s = new Socket("127.0.0.1", bed.api().port());
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a ClientHello, then nothing
                s.getOutputStream().flush();
                stalled.add(s);
            }
            Eventually.within(Duration.ofSeconds(30), "the stalled connections hold every API thread",
                    () -> apiThreadsReadingARequest() >= ApiServer.WORKERS);
            var fresh = TestAdminApi.client(bed.api().caFile(), null); // a new connection, not one kept from before
            // a connection queued behind the stalled ones may be dropped in the same sweep: a client tries again
            HttpResponse<String> answer = Eventually.within(Duration.ofSeconds(90),
                    "an answer once the stalled connections are dropped", () -> {
                        try {
                            return fresh.send(bed.api().request("/api/v1/me", null).timeout(Duration.ofSeconds(30))
                                    .GET().build(), HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException dropped) {
                            return null;
                        }
                    }, r -> r != null);
            assertThat(answer.statusCode()).as("answered once the stalled connections were dropped").isEqualTo(401);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    /** API threads blocked in the JDK server's TLS read of a request (a handshake that never completes). */
    private static long apiThreadsReadingARequest() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("rolegate-api-"))
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("sun.net.httpserver.SSL")))
                .count();
    }
}
