package io.rolegate.engine.recording;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.config.FleetConfig;
import io.rolegate.engine.config.RecordingConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pgjdbc session's application name, wherever sessions are listed: pgjdbc sends {@code ApplicationName} with a SET
 * right after login unless told the server is 9.0 or later ({@code assumeMinServerVersion}), when it goes in the
 * startup packet; a client may SET it again mid-session. The proxy follows the server's ParameterStatus on the relay:
 * the live listing (facade), the store's published fleet listing ({@code sessions --live}), the session's recording
 * (live and ended) and the session history all show the name in force. alice is recorded (cn=data-team); the store
 * is PostgreSQL, the engine a fleet node, so its sessions are published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationNameTest {
    @TempDir
    static Path dataDir;
    private ConsoleProxy proxy;
    private ConsoleIdentity auditor;

    @BeforeAll
    void start() throws Exception {
        RecordingConfig record = new RecordingConfig(List.of(TestDirectory.groupDn("data-team")), List.of());
        proxy = ConsoleProxy.withAuditors(dataDir, c -> c.withAccess(c.access().withRecording(record))
                .withStore(new StoreConfig(TestStores.newPostgresSchemaUrl(), TestPostgres.SUPERUSER, Secret.empty()))
                .withFleet(new FleetConfig("node-app")));
        auditor = ConsoleProxy.login(proxy.engine(), "carol");
    }

    @AfterAll
    void stop() {
        proxy.close();
    }

    /** alice's one live session (each test holds one at a time). */
    private SessionSnapshot live() {
        List<SessionSnapshot> hers = proxy.engine().sessions().stream().filter(s -> s.user().equals("alice")).toList();
        assertThat(hers).hasSize(1);
        return hers.get(0);
    }

    private Recording recordingOf(long sessionId) {
        return proxy.engine().recordings().search(RecordingQuery.all().user("alice"), auditor).stream()
                .filter(r -> r.sessionId() == sessionId).findFirst().orElse(null);
    }

    private String published(long sessionId) throws Exception {
        try (OfflineStore store = OfflineStore.openSharedForReading(proxy.engine().configuration()).orElseThrow()) {
            return store.liveSessions().stream().filter(s -> s.id() == sessionId).map(SessionSnapshot::applicationName)
                    .findFirst().orElse("(not published)");
        }
    }

    /** Everywhere a session is listed, {@code name} shows, within a bounded wait for the store's copies. */
    private void shownEverywhere(String name) throws Exception {
        long id = live().id();
        assertThat(live().applicationName()).as("the live listing").isEqualTo(name);
        Eventually.within(Duration.ofSeconds(15), () -> "the published listing shows " + name,
                () -> name.equals(published(id)));
        Eventually.within(Duration.ofSeconds(15), () -> "the live recording shows " + name, () -> {
            Recording r = recordingOf(id);
            return r != null && r.live() && name.equals(r.applicationName());
        });
    }

    private static Properties named(String name, boolean inStartupPacket) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", name);
        if (inStartupPacket) {
            p.setProperty("assumeMinServerVersion", "9.0");
        }
        return p;
    }

    @Test
    void pgjdbcsSetAfterLoginAndASetMidSessionAreShownEverywhereAndKeptInTheHistory() throws Exception {
        long id;
        try (Connection c = proxy.session("alice", named("nightly-report", false))) {
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("nightly-report");
            shownEverywhere("nightly-report");

            try (Statement s = c.createStatement()) {
                s.execute("set application_name = 'month-end close'");
            }
            shownEverywhere("month-end close");
            id = live().id();
        }
        Eventually.within(Duration.ofSeconds(15), "the ended recording and the session history keep the last name",
                () -> {
                    Recording r = recordingOf(id);
                    List<SessionRecord> history = proxy.engine().sessionHistory(SessionQuery.all().user("alice"))
                            .stream().filter(h -> h.sessionId() == id).toList();
                    return r != null && !r.live() && "month-end close".equals(r.applicationName())
                            && history.size() == 1 && "month-end close".equals(history.get(0).applicationName());
                });
    }

    @Test
    void aNameInTheStartupPacketAndOneSetThroughTheDriverAreShownEverywhere() throws Exception {
        try (Connection c = proxy.session("alice", named("etl loader", true))) {
            shownEverywhere("etl loader");
            c.setClientInfo("ApplicationName", "etl loader, phase 2"); // pgjdbc: SET application_name
            shownEverywhere("etl loader, phase 2");
        }
    }
}
