package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.store.StartConfigRecord;
import io.rolegate.engine.testbed.CapturedLogs;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 (decision 0032), one engine on H2, restarted for real: a mapping a DBA changed through the facade (as the
 * console does) survives a restart with the unchanged start configuration — in the engine's configuration, in the
 * store's latest version and in the roles a pgjdbc login gets; an edited file wins and the audit names the version it
 * overrode and who saved it; a data directory from before the record, and one whose record is damaged, keep the
 * DBA's change and say so in the log and the audit.
 */
class ConfigAtStartTest {
    /** The console's change: bob's group (analysts) no longer grants analyst_role. */
    static final List<Mapping> WITHOUT_ANALYSTS = DirectoryProxies.MAPPINGS.stream()
            .filter(m -> !m.groupDn().equals(TestDirectory.groupDn("analysts"))).toList();

    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        ldap.close();
    }

    /** Starts with the start configuration F (the file), or F changed by {@code edit}. */
    private void startWith(UnaryOperator<RolegateConfig> edit) {
        proxy = LiveSessions.startPolling(dataDir, ldap, edit);
    }

    private void restartWith(UnaryOperator<RolegateConfig> edit) {
        proxy.close();
        proxy = null;
        startWith(edit);
    }

    /** Starts with F and drops the analysts mapping through the facade, as a DBA does in the console: version 2. */
    private void consoleChangeOnAFreshStart() {
        startWith(c -> c);
        ConfigVersion first = latest();
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.author()).isEqualTo("rolegate");
        proxy.engine().directory().applyMappings(WITHOUT_ANALYSTS, proxy.engine().operator("dba-kim"),
                "analysts lose analyst_role");
        assertThat(latest().version()).isEqualTo(2);
        assertThat(latest().author()).isEqualTo("dba-kim");
    }

    private ConfigVersion latest() {
        return proxy.engine().settings().history().get(0);
    }

    private AuditRecord lastStartRecord() {
        List<AuditRecord> starts = proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.CONFIG_AT_START));
        assertThat(starts).isNotEmpty();
        return starts.get(starts.size() - 1);
    }

    private java.util.Set<String> bobsRoles() throws Exception {
        try (Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            return DirectoryProxies.roles(bob);
        }
    }

    @Test
    void aConsoleMappingChangeSurvivesARestartWithTheUnchangedFile() throws Exception {
        consoleChangeOnAFreshStart();
        assertThat(lastStartRecord().event().message())
                .isEqualTo("first start on an empty store: saved as version 1");
        assertThat(bobsRoles()).doesNotContain("analyst_role");

        restartWith(c -> c);

        assertThat(proxy.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
        assertThat(latest().version()).as("nothing saved: the store's version 2 runs").isEqualTo(2);
        assertThat(latest().author()).isEqualTo("dba-kim");
        assertThat(proxy.engine().directory().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
        assertThat(bobsRoles()).as("a login gets what the console's mapping grants").doesNotContain("analyst_role")
                .contains("readonly_role");
        AuditRecord start = lastStartRecord();
        assertThat(start.event().message()).isEqualTo("configuration file unchanged since last start: the store's"
                + " version 2 (by dba-kim) applies");
        assertThat(start.event().actor()).isEqualTo("rolegate");
        assertThat(start.event().details()).contains("\"source\":\"store\"", "\"version\":2", "\"record\":\"found\"");
        assertThat(StartConfigRecord.read(dataDir).orElseThrow().version()).isEqualTo(2);

        // and again: a second restart with the same file is still no change
        restartWith(c -> c);
        assertThat(latest().version()).isEqualTo(2);
        assertThat(proxy.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
    }

    @Test
    void anEditedFileWinsAndTheAuditNamesTheVersionItOverrodeAndWhoSavedIt() throws Exception {
        consoleChangeOnAFreshStart();

        try (CapturedLogs logs = CapturedLogs.start()) {
            restartWith(c -> c.withLimits(c.limits().withMaxClientConnections(321)));
            assertThat(logs.text()).contains("configuration file changed since last start: saved as version 3;"
                    + " WARNING: it overrides what was saved since this data directory last started: version 2 by"
                    + " dba-kim (analysts lose analyst_role)");
        }

        assertThat(latest().version()).isEqualTo(3);
        assertThat(latest().author()).isEqualTo("rolegate");
        assertThat(proxy.engine().config().limits().maxClientConnections()).isEqualTo(321);
        assertThat(proxy.engine().config().access().mappings()).as("the file's mappings, analysts included")
                .containsExactlyInAnyOrderElementsOf(DirectoryProxies.MAPPINGS);
        assertThat(bobsRoles()).contains("analyst_role");
        AuditRecord start = lastStartRecord();
        assertThat(start.event().message()).contains("configuration file changed since last start: saved as"
                + " version 3", "WARNING", "version 2 by dba-kim");
        assertThat(start.event().details()).contains("\"source\":\"file\"", "\"overridden\":[\"2 by dba-kim\"]");

        // the edited file is now the one this data directory started with: its next restart changes nothing
        restartWith(c -> c.withLimits(c.limits().withMaxClientConnections(321)));
        assertThat(latest().version()).isEqualTo(3);
        assertThat(lastStartRecord().event().message()).startsWith("configuration file unchanged since last start");
    }

    @Test
    void aDataDirectoryFromBeforeTheRecordKeepsAPersonsChangeAndTakesAFileAfterAnEngineStart() throws Exception {
        consoleChangeOnAFreshStart();
        proxy.close();
        proxy = null;
        Files.delete(StartConfigRecord.file(dataDir));

        startWith(c -> c);
        assertThat(latest().version()).as("version 2 was saved by dba-kim after the last engine start").isEqualTo(2);
        assertThat(proxy.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
        assertThat(lastStartRecord().event().message()).startsWith("no record of the configuration this data"
                + " directory last started with; the store's latest version 2 was saved by dba-kim after the last"
                + " engine start, so it applies, not the file").contains("config import --config FILE");
        assertThat(lastStartRecord().event().details()).contains("\"record\":\"missing\"");
        assertThat(StartConfigRecord.read(dataDir)).as("written for the next start").isPresent();

        // an edited file wins (version 3, an engine start); without the record again, a later file wins too
        restartWith(c -> c.withLimits(c.limits().withMaxClientConnections(98)));
        assertThat(latest().version()).isEqualTo(3);
        proxy.close();
        proxy = null;
        Files.delete(StartConfigRecord.file(dataDir));
        startWith(c -> c.withLimits(c.limits().withMaxClientConnections(99)));
        assertThat(proxy.engine().config().limits().maxClientConnections()).isEqualTo(99);
        assertThat(latest().version()).isEqualTo(4);
        assertThat(lastStartRecord().event().message()).contains("the store's latest version 3 was saved by an engine"
                + " start, so the configuration file applies: saved as version 4");
    }

    @Test
    void aRestartFromTheConsoleRunsTheStoredVersionAndLeavesTheFilesRecordAlone() throws Exception {
        consoleChangeOnAFreshStart();
        StartConfigRecord before = StartConfigRecord.read(dataDir).orElseThrow();
        Engine old = proxy.engine();
        Configuration next = old.settings().nextStartConfig(java.util.Map.of());
        proxy.close();
        proxy = null;
        Engine restarted = old.successor(next); // what Engine ▸ Restart does
        restarted.start();
        try {
            assertThat(restarted.config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
            List<AuditRecord> starts = restarted.audit().records(AuditQuery.all().type(AuditEventType.CONFIG_AT_START));
            assertThat(starts.get(starts.size() - 1).event().message())
                    .isEqualTo("restart from the console: configuration version 2 applies");
            assertThat(StartConfigRecord.read(dataDir)).contains(before);
        } finally {
            restarted.stop(java.time.Duration.ofSeconds(2));
        }
        startWith(c -> c);
        assertThat(lastStartRecord().event().message()).startsWith("configuration file unchanged since last start");
        assertThat(proxy.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
    }

    @Test
    void aLatestVersionThatDoesNotLoadLeavesTheFilesSettingsRunningAndSaysSo() throws Exception {
        consoleChangeOnAFreshStart();
        proxy.close();
        proxy = null;
        try (io.rolegate.engine.store.Store store = io.rolegate.engine.store.Store.openDataDirectory(dataDir)) {
            store.configVersions().save("listen:\n  port: 99999\n", "mallory", "written into the store by hand");
        }

        startWith(c -> c);
        assertThat(proxy.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(
                DirectoryProxies.MAPPINGS);
        assertThat(latest().version()).as("nothing saved over it").isEqualTo(3);
        assertThat(lastStartRecord().event().message()).startsWith("configuration file unchanged since last start;"
                + " but the store's version 3 does not load (").contains("listen.port",
                "the configuration file's settings run until a version that loads is saved");
        assertThat(bobsRoles()).contains("analyst_role");
    }

    @Test
    void aDamagedRecordIsLoggedAndAuditedAndThePersonsChangeStays() throws Exception {
        consoleChangeOnAFreshStart();
        proxy.close();
        proxy = null;
        Files.writeString(StartConfigRecord.file(dataDir), "sha256=not-a-digest\n\0\0garbage");

        try (CapturedLogs logs = CapturedLogs.start()) {
            startWith(c -> c);
            assertThat(logs.text()).contains("the record of the configuration this data directory last started with"
                    + " is unusable: " + StartConfigRecord.file(dataDir) + " is damaged");
        }
        assertThat(proxy.engine().config().access().mappings()).as("no silent rollback")
                .containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
        assertThat(latest().version()).isEqualTo(2);
        assertThat(lastStartRecord().event().message()).contains("is unusable", "is damaged",
                "the store's latest version 2 was saved by dba-kim after the last engine start, so it applies");
        assertThat(lastStartRecord().event().details()).contains("\"record\":\"unreadable\"");
        assertThat(StartConfigRecord.read(dataDir).orElseThrow().version()).as("a good record replaces it")
                .isEqualTo(2);
    }

    @Test
    void aRecordThatCannotBeReadOrWrittenStopsNothing() throws Exception {
        consoleChangeOnAFreshStart();
        proxy.close();
        proxy = null;
        Path record = StartConfigRecord.file(dataDir);
        Files.delete(record);
        Files.createDirectory(record); // neither readable as a file nor replaceable by one
        Files.writeString(record.resolve("keep"), "x");

        try (CapturedLogs logs = CapturedLogs.start()) {
            startWith(c -> c);
            assertThat(logs.text()).contains("is unusable: " + record + " cannot be read", "cannot write " + record,
                    "the next start decides as for a data directory without a record");
        }
        assertThat(proxy.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
        assertThat(bobsRoles()).doesNotContain("analyst_role");
    }
}
