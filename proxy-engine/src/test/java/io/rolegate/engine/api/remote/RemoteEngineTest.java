package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.EngineAudit;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.LoginExpired;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.RoleChange;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.UntrustedCertificate;
import io.rolegate.engine.config.ApiConfig;
import io.rolegate.engine.testbed.ApiTestBed;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestAdminApi;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.tls.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.rolegate.engine.testbed.ApiTestBed.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's remote engine ({@link RemoteEngine}, what {@code --attach} uses) against a real engine's admin API
 * over real TLS, without the GUI: alice administers, bob only looks (see {@link ConsoleProxy}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteEngineTest {
    @RegisterExtension
    static final ApiTestBed bed = ApiTestBed.console().onAMovableClock();

    private static SessionSnapshot sessionOf(List<SessionSnapshot> sessions, String user) {
        return sessions.stream().filter(s -> s.user().equals(user)).findFirst().orElseThrow();
    }

    @Test
    void anAdministratorListsAPgjdbcSessionAndDisconnectsItAndTheAuditNamesThem() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity alice = login(remote, "alice");
        assertThat(alice.mayAdminister()).isTrue();
        assertThat(remote.where()).startsWith(bed.api().url()).contains("(node ");
        try (Connection bobs = bed.proxy().session("bob")) {
            SessionSnapshot bob = sessionOf(remote.sessions(), "bob");
            assertThat(bob.started()).isNotNull();
            var loop = LiveSessions.queryLoop(bobs);

            assertThat(remote.disconnect(bob.id(), "attached console", alice)).isTrue();

            PSQLException e = loop.get(60, TimeUnit.SECONDS);
            assertThat((Object) e).as("bob's session was ended").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("57P01");
            assertThat(remote.disconnect(bob.id(), "again", alice)).as("already gone").isFalse();
            assertThat(remote.cancelQuery(bob.id(), alice).get()).isFalse();
        }
        List<AuditRecord> actions = remote.audit().page(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)
                .user(null).text("attached console"), null, 50);
        assertThat(actions).isNotEmpty().allSatisfy(r -> assertThat(r.event().actor()).isEqualTo("alice"));
        assertThat(actions.get(0).event().time()).isNotNull();
        remote.logout(alice);
        assertThatThrownBy(remote::sessions).isInstanceOf(LoginExpired.class);
    }

    @Test
    void theAuditExportOverTheApiIsTheInProcessExportByteForByte() throws Exception {
        RemoteEngine remote = bed.remote();
        // read-only: the export is of what the listing shows anybody logged in
        ConsoleIdentity bobThere = login(remote, "bob");
        ConsoleIdentity bobHere = ConsoleProxy.login(bed.engine(), "bob");
        AuditQuery logins = AuditQuery.all().type(AuditEventType.CONSOLE_LOGIN);
        for (EngineAudit.Format format : EngineAudit.Format.values()) {
            java.io.StringWriter here = new java.io.StringWriter();
            bed.engine().audit().export(logins, format, here, bobHere, "here.txt");
            java.io.StringWriter there = new java.io.StringWriter();
            remote.audit().export(logins, format, there, bobThere, "there.txt");
            assertThat(there.toString()).as(format.name()).isEqualTo(here.toString()).contains("CONSOLE_LOGIN");
        }
    }

    @Test
    void anAuditExportIsAuditedNamingWhoWhichFilterHowManyAndWhereToInProcessAndOverTheApi() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity bobThere = login(remote, "bob"); // read-only may export, and is named
        ConsoleIdentity bobHere = ConsoleProxy.login(bed.engine(), "bob");
        java.time.Instant since = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
        AuditQuery logins = AuditQuery.all().type(AuditEventType.CONSOLE_LOGIN).since(since);

        java.io.StringWriter csv = new java.io.StringWriter();
        bed.engine().audit().export(logins, EngineAudit.Format.CSV, csv, bobHere, "logins.csv");
        long csvRecords = csv.toString().split("\r\n").length - 1; // the header
        assertThat(csvRecords).isPositive();
        java.io.StringWriter jsonl = new java.io.StringWriter();
        remote.audit().export(logins, EngineAudit.Format.JSONL, jsonl, bobThere, "where the client writes");
        long jsonlRecords = jsonl.toString().lines().count();
        assertThat(jsonlRecords).isGreaterThanOrEqualTo(csvRecords);

        // the audit listing (over the API, as the console's audit view reads it) shows both, naming bob
        List<AuditRecord> exports = remote.audit().page(AuditQuery.all().type(AuditEventType.AUDIT_EXPORTED), null, 10);
        assertThat(exports).hasSizeGreaterThanOrEqualTo(2);
        AuditRecord overApi = exports.get(0);
        AuditRecord inProcess = exports.get(1);
        assertThat(inProcess.event().actor()).isEqualTo("bob");
        assertThat(inProcess.event().message()).isEqualTo("bob exported " + csvRecords + " audit records (CSV) to"
                + " logins.csv; filter: since " + since + ", types CONSOLE_LOGIN");
        assertThat(inProcess.event().details()).contains("\"records\":" + csvRecords, "\"outcome\":\"done\"",
                "\"destination\":\"logins.csv\"", "\"since\":\"" + since + "\"", "\"CONSOLE_LOGIN\"");
        assertThat(overApi.event().actor()).isEqualTo("bob");
        assertThat(overApi.event().message()).startsWith("bob exported " + jsonlRecords + " audit records (JSONL) to"
                + " API (client 127.0.0.1); filter: since " + since);
        assertThat(overApi.event().toString()).as("the client's file is its own business")
                .doesNotContain("where the client writes");
    }

    @Test
    void anExportForALoginTheEngineDidNotIssueIsRefusedAndAuditedAndAFailedExportIsRecordedAsFailed() {
        ConsoleIdentity forged = new ConsoleIdentity("alice", "uid=alice", "alice", true, "forged", "not-a-token");
        java.io.StringWriter nothing = new java.io.StringWriter();
        assertThatThrownBy(() -> bed.engine().audit().export(AuditQuery.all(), EngineAudit.Format.CSV, nothing, forged,
                "stolen.csv")).isInstanceOf(PermissionDenied.class).hasMessageContaining("not logged in");
        assertThat(nothing.toString()).as("nothing written").isEmpty();
        assertThat(bed.engine().audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED)))
                .anySatisfy(r -> assertThat(r.event().message()).contains("export the audit history"));
        assertThatThrownBy(() -> bed.engine().audit().export(AuditQuery.all(), EngineAudit.Format.CSV, nothing))
                .as("an engine's export names who makes it").isInstanceOf(IllegalStateException.class);

        ConsoleIdentity bob = bed.engine().directory().consoleLogin("bob", TestDirectory.password("bob").toCharArray());
        java.io.Writer cut = new java.io.Writer() {
            private int written;

            @Override
            public void write(char[] buf, int off, int len) throws java.io.IOException {
                written += len;
                if (written > 300) {
                    throw new java.io.IOException("disk full");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> bed.engine().audit().export(AuditQuery.all(), EngineAudit.Format.JSONL, cut, bob,
                "full-disk.jsonl")).hasMessageContaining("writing the audit export failed");
        assertThat(bed.engine().audit().records(AuditQuery.all().type(AuditEventType.AUDIT_EXPORTED))).last()
                .satisfies(r -> {
                    assertThat(r.event().actor()).isEqualTo("bob");
                    assertThat(r.event().message()).startsWith("bob's audit export (JSONL) to full-disk.jsonl failed:"
                            + " writing the audit export failed");
                    assertThat(r.event().details()).contains("\"outcome\":\"failed\"");
                });
    }

    @Test
    void anAdministratorCancelsARunningQueryAndTheSessionStays() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity alice = login(remote, "alice");
        try (Connection bobs = bed.proxy().session("bob")) {
            long id = sessionOf(remote.sessions(), "bob").id();
            var sleeping = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    DirectoryProxies.one(bobs, "select pg_sleep(60)");
                    return null;
                } catch (java.sql.SQLException e) {
                    return e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // false while the query has not reached the server yet: ask again until a cancel went out
            Eventually.within(java.time.Duration.ofSeconds(60), "a cancel reaches bob's running query",
                    () -> remote.cancelQuery(id, alice).get(30, TimeUnit.SECONDS));
            java.sql.SQLException e = sleeping.get(60, TimeUnit.SECONDS);
            assertThat((Object) e).as("the sleep was cancelled").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("57014");
            assertThat(DirectoryProxies.one(bobs, "select 1")).as("the session stays").isEqualTo("1");
        }
    }

    @Test
    void aReadOnlyUserIsRefusedByTheEngineAndTheSessionLives() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity bob = login(remote, "bob");
        assertThat(bob.mayAdminister()).isFalse();
        // the client does not pretend bob administers; the identity it sends is the token, which the engine judges
        ConsoleIdentity forged = new ConsoleIdentity("bob", "", "Bob", true, true, "forged", bob.token());
        try (Connection alices = bed.proxy().session("alice")) {
            long id = sessionOf(remote.sessions(), "alice").id();
            assertThatThrownBy(() -> remote.disconnect(id, "no", forged)).isInstanceOf(PermissionDenied.class)
                    .hasMessageContaining("bob may only look");
            assertThatThrownBy(() -> remote.cancelQuery(id, bob)).isInstanceOf(PermissionDenied.class);
            List<Mapping> grown = new ArrayList<>(DirectoryProxies.MAPPINGS);
            grown.add(new Mapping(TestDirectory.groupDn("analysts"), Set.of("readonly_role")));
            assertThatThrownBy(() -> remote.mappings().applyMappings(grown, bob, "no"))
                    .isInstanceOf(PermissionDenied.class);
            assertThat(DirectoryProxies.one(alices, "select 1")).isEqualTo("1");
        }
        assertThat(bed.engine().directory().mappings()).containsExactlyInAnyOrderElementsOf(DirectoryProxies.MAPPINGS);
        assertThat(bed.engine().audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED)))
                .anySatisfy(r -> assertThat(r.event().actor()).isEqualTo("bob"));
    }

    @Test
    void aCertificateNeitherTrustNorThePinVouchesForIsRefusedAndNamed() throws Exception {
        String fingerprint = EngineTrust.fingerprint(PemFiles.readCertificates(bed.pem().certificate()).get(0));

        RemoteEngine system = RemoteEngine.at(bed.api().url(), EngineTrust.system());
        assertThatThrownBy(() -> login(system, "alice")).isInstanceOfSatisfying(UntrustedCertificate.class, e -> {
            assertThat(e.fingerprint()).isEqualTo(fingerprint);
            assertThat(e.getMessage()).contains(fingerprint).contains("--attach-pin");
        });
        TestCertificates.PemSet other = TestAdminApi.certificates(bed.certDir().resolve("other"));
        RemoteEngine otherCa = RemoteEngine.at(bed.api().url(), EngineTrust.caFile(other.ca()));
        assertThatThrownBy(() -> login(otherCa, "alice")).isInstanceOf(UntrustedCertificate.class);
        RemoteEngine wrongPin = RemoteEngine.at(bed.api().url(), EngineTrust.pin(EngineTrust.fingerprint(
                PemFiles.readCertificates(other.certificate()).get(0))));
        assertThatThrownBy(() -> login(wrongPin, "alice")).isInstanceOf(UntrustedCertificate.class);
        // by host name: the certificate names 127.0.0.1 and localhost, not 127.0.0.2
        RemoteEngine wrongHost = RemoteEngine.at(bed.api().url().replace("127.0.0.1", "127.0.0.2"),
                EngineTrust.caFile(bed.api().caFile()));
        assertThatThrownBy(() -> login(wrongHost, "alice")).isInstanceOf(EngineException.class);

        RemoteEngine pinned = RemoteEngine.at(bed.api().url(), EngineTrust.pin("sha256:" + fingerprint.toLowerCase()));
        assertThat(login(pinned, "alice").username()).isEqualTo("alice");
        assertThatThrownBy(() -> EngineTrust.pin("abc")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> RemoteEngine.at("http://127.0.0.1:" + bed.api().port(), EngineTrust.system()))
                .hasMessageContaining("TLS only");
    }

    @Test
    void theAuditAndMappingViewsReadsWorkRemotely() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity alice = login(remote, "alice");
        AuditQuery logins = AuditQuery.all().type(AuditEventType.CONSOLE_LOGIN);
        assertThat(remote.audit().count(logins)).isEqualTo(bed.engine().audit().count(logins));
        assertThat(remote.audit().lastSequence()).isPositive();
        assertThat(remote.audit().verify().intact()).isTrue();

        assertThat(remote.mappings().mappings())
                .containsExactlyInAnyOrderElementsOf(bed.engine().directory().mappings());
        assertThat(remote.mappings().upstreamRoles()).extracting(r -> r.name()).contains("dba_role");
        assertThat(remote.mappings().directoryGroups("", 100)).extracting(g -> g.name()).contains("dba");
        assertThat(remote.mappings().previewAccess("alice").allowed()).isTrue();

        List<Mapping> grown = new ArrayList<>(DirectoryProxies.MAPPINGS);
        grown.add(new Mapping(TestDirectory.groupDn("analysts"), Set.of("readonly_role")));
        List<RoleChange> plan = remote.mappings().planMappings(grown);
        assertThat(bed.engine().directory().mappings()).as("a dry run changes nothing")
                .hasSize(DirectoryProxies.MAPPINGS.size());
        List<RoleChange> applied = remote.mappings().applyMappings(grown, alice, "analysts read too");
        assertThat(applied).isEqualTo(plan);
        assertThat(bed.engine().directory().mappings()).hasSize(DirectoryProxies.MAPPINGS.size() + 1);
        bed.engine().directory().undoMappings(bed.engine().directory().consoleLogin("alice",
                TestDirectory.password("alice").toCharArray()), "back");
        assertThat(bed.engine().audit().records(AuditQuery.all().type(AuditEventType.MAPPING_CHANGED)))
                .anySatisfy(r -> assertThat(r.event().actor()).isEqualTo("alice"));
    }

    @Test
    void anExpiredTokenIsALoginExpiredAndAWrongPasswordIsNot() {
        RemoteEngine remote = bed.remote();
        assertThatThrownBy(() -> remote.login("alice", "wrong".toCharArray()))
                .isInstanceOf(EngineException.class).isNotInstanceOf(LoginExpired.class);
        ConsoleIdentity alice = login(remote, "alice");
        bed.clock().advance(ApiConfig.DEFAULT_TOKEN_LIFETIME.plusSeconds(1));
        assertThatThrownBy(remote::sessions).isInstanceOf(LoginExpired.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> remote.disconnect(1, "x", alice)).isInstanceOf(LoginExpired.class);
    }
}
