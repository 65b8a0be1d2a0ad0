package io.rolegate.engine.audit;

import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.RawClient;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the engine writes to the audit chain and the session history as real clients come and go. */
class AccessAuditTest {
    @TempDir
    Path dataDir;

    private static List<AuditRecord> awaitRecords(TestProxy proxy, AuditEventType type, int n)
            throws InterruptedException {
        return Eventually.within(Duration.ofSeconds(10), n + " " + type + " records",
                () -> proxy.engine().audit().records(AuditQuery.all().type(type).limit(100)),
                found -> found.size() >= n);
    }

    @Test
    void aLoginAndItsSessionAreRecorded() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir)) {
            try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
                // the login is durable before the client could run anything
                assertThat(proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED)))
                        .singleElement().satisfies(r -> {
                            assertThat(r.event().user()).isEqualTo(TestPostgres.SCRAM_USER);
                            assertThat(r.event().details()).contains("\"database\":\"" + TestPostgres.DATABASE + "\"");
                        });
                s.execute("select 1");
            }
            AuditRecord end = awaitRecords(proxy, AuditEventType.SESSION_ENDED, 1).get(0);
            assertThat(end.event().details()).contains("\"reason\":\"client-terminate\"").contains("\"queries\":");
            List<SessionRecord> history = Eventually.lastWithin(Duration.ofSeconds(10),
                    () -> proxy.engine().sessionHistory(SessionQuery.all().user(TestPostgres.SCRAM_USER)),
                    h -> !h.isEmpty());
            assertThat(history).singleElement().satisfies(h -> {
                assertThat(h.database()).isEqualTo(TestPostgres.DATABASE);
                assertThat(h.bytesIn()).isPositive();
                assertThat(h.queries()).isGreaterThanOrEqualTo(1);
                assertThat(h.endReason()).isEqualTo("client-terminate");
            });
            assertThat(proxy.engine().audit().verify().intact()).isTrue();
        }
    }

    @Test
    void aWrongPasswordIsAnAuthFailureWithItsSqlstate() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir)) {
            assertThatThrownBy(() -> proxy.connect(TestPostgres.CLEARTEXT_USER, "nope").close())
                    .isInstanceOf(PSQLException.class);
            AuditRecord failed = awaitRecords(proxy, AuditEventType.AUTH_FAILED, 1).get(0);
            assertThat(failed.event().user()).isEqualTo(TestPostgres.CLEARTEXT_USER);
            assertThat(failed.event().sqlstate()).isEqualTo("28P01");
            assertThat(failed.event().message()).contains("password authentication failed");
            String everything = proxy.engine().audit().records(AuditQuery.all()).toString();
            assertThat(everything).doesNotContain("nope").doesNotContain(TestPostgres.PASSWORD);
        }
    }

    @Test
    void anAdminDisconnectIsRecordedWithTheAdminBeforeItTakesEffect() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir); Connection c = proxy.connect()) {
            SessionSnapshot snap = proxy.engine().sessions().get(0);
            assertThat(proxy.engine().disconnect(snap.id(), "suspicious queries", proxy.engine().operator("alice.admin"))).isTrue();
            assertThatThrownBy(() -> c.createStatement().execute("select 1")).isInstanceOf(PSQLException.class);
            AuditRecord action = proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.ADMIN_ACTION))
                    .get(0);
            assertThat(action.event().actor()).isEqualTo("alice.admin");
            assertThat(action.event().message()).contains("suspicious queries");
            AuditRecord end = awaitRecords(proxy, AuditEventType.SESSION_ENDED, 1).get(0);
            assertThat(end.sequence()).isGreaterThan(action.sequence());
            assertThat(end.event().sqlstate()).isEqualTo("57P01");
        }
    }

    @Test
    void refusalsBeforeAuthenticationAreRecorded() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir)) {
            try (RawClient raw = new RawClient(proxy.port())) {
                raw.send(RawClient.startup(StartupCodes.PROTOCOL_3_0, java.util.Map.of(
                        "user", TestPostgres.SCRAM_USER, "replication", "true")));
                assertThat(raw.read().field('C')).isEqualTo("0A000");
            }
            AuditRecord r = awaitRecords(proxy, AuditEventType.CONNECTION_REJECTED, 1).get(0);
            assertThat(r.event().sqlstate()).isEqualTo("0A000");
            assertThat(r.event().user()).isEqualTo(TestPostgres.SCRAM_USER);
            assertThat(r.event().message()).contains("replication");
        }
    }
}
