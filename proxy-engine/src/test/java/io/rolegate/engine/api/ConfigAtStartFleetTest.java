package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.FleetConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 (decision 0032) on a fleet: two engines share a PostgreSQL store as node-a and node-b. A mapping changed
 * through node A's facade reaches node B live; node B restarted with its unchanged, older file keeps running the
 * change, node A is not flipped back (no version is saved), and a pgjdbc login through either node gets the roles
 * the change grants. Node B restarted with an edited file wins on both nodes, and node B's audit names the version
 * it overrode and who saved it.
 */
class ConfigAtStartFleetTest {
    private static final List<Mapping> WITHOUT_ANALYSTS = ConfigAtStartTest.WITHOUT_ANALYSTS;

    @TempDir
    Path dir;
    TestDirectory ldap;
    String storeUrl;
    TestProxy a;
    TestProxy b;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        storeUrl = TestStores.newPostgresSchemaUrl();
        a = node("a", c -> c);
        // every node of a fleet shares the master key (managed roles' passwords, fleet actions' signatures)
        Files.createDirectories(dir.resolve("b"));
        Files.copy(dir.resolve("a").resolve("master.key"), dir.resolve("b").resolve("master.key"));
        b = node("b", c -> c);
    }

    @AfterEach
    void stop() {
        for (TestProxy p : new TestProxy[]{b, a}) {
            if (p != null) {
                p.close();
            }
        }
        ldap.close();
    }

    /** Node {@code name}'s start configuration (its file), changed by {@code edit}. */
    private TestProxy node(String name, UnaryOperator<RolegateConfig> edit) {
        return LiveSessions.startPolling(dir.resolve(name), ldap, c -> edit.apply(c
                .withStore(new StoreConfig(storeUrl, TestPostgres.SUPERUSER, Secret.empty()))
                .withFleet(new FleetConfig("node-" + name))));
    }

    private static ConfigVersion latest(TestProxy on) {
        return on.engine().settings().history().get(0);
    }

    private static AuditRecord lastStart(TestProxy on, String node) {
        List<AuditRecord> starts = on.engine().audit().records(AuditQuery.all().type(AuditEventType.CONFIG_AT_START))
                .stream().filter(r -> node.equals(r.node())).toList();
        assertThat(starts).isNotEmpty();
        return starts.get(starts.size() - 1);
    }

    private static Set<String> bobsRoles(TestProxy through) throws Exception {
        try (Connection bob = DirectoryProxies.login(through, "bob", TestDirectory.password("bob"))) {
            return DirectoryProxies.roles(bob);
        }
    }

    /** Node A's DBA drops the analysts mapping; node B takes it live. Returns the version saved. */
    private int changeOnNodeA() throws Exception {
        a.engine().directory().applyMappings(WITHOUT_ANALYSTS, a.engine().operator("dba-kim"),
                "analysts lose analyst_role");
        int version = latest(a).version();
        Eventually.within(Duration.ofSeconds(20), "node B runs node A's mapping change",
                () -> b.engine().config().access().mappings().size() == WITHOUT_ANALYSTS.size());
        return version;
    }

    @Test
    void nodeBRestartedWithItsUnchangedOlderFileKeepsTheChangeOnBothNodes() throws Exception {
        int change = changeOnNodeA();

        b.close();
        b = null;
        b = node("b", c -> c);

        assertThat(latest(b).version()).as("nothing saved by node B's restart").isEqualTo(change);
        assertThat(latest(b).author()).isEqualTo("dba-kim");
        assertThat(b.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
        assertThat(lastStart(b, "node-b").event().message()).isEqualTo("configuration file unchanged since last"
                + " start: the store's version " + change + " (by dba-kim) applies");
        // node A is not flipped back: it still runs the change, and a login through either node gets its roles
        assertThat(a.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(WITHOUT_ANALYSTS);
        assertThat(bobsRoles(b)).doesNotContain("analyst_role").contains("readonly_role");
        assertThat(bobsRoles(a)).doesNotContain("analyst_role").contains("readonly_role");
        assertThat(a.engine().audit().records(AuditQuery.all().type(AuditEventType.CONFIG_APPLIED)).stream()
                .filter(r -> "node-a".equals(r.node())).map(r -> r.event().message()))
                .as("node A took no version after the change").noneMatch(m -> m.contains("version " + (change + 1)));
    }

    @Test
    void nodeBRestartedWithAnEditedFileWinsOnBothNodesAndNamesWhatItOverrode() throws Exception {
        int change = changeOnNodeA();

        b.close();
        b = null;
        b = node("b", c -> c.withLimits(c.limits().withMaxClientConnections(222)));

        assertThat(latest(b).version()).isEqualTo(change + 1);
        assertThat(b.engine().config().access().mappings()).containsExactlyInAnyOrderElementsOf(
                DirectoryProxies.MAPPINGS);
        assertThat(lastStart(b, "node-b").event().message()).contains("configuration file changed since last start:"
                + " saved as version " + (change + 1), "WARNING: it overrides what was saved since this data"
                + " directory last started: version " + change + " by dba-kim (analysts lose analyst_role)");
        Eventually.within(Duration.ofSeconds(20), "node A takes node B's file live",
                () -> a.engine().config().access().mappings().size() == DirectoryProxies.MAPPINGS.size()
                        && a.engine().config().limits().maxClientConnections() == 222);
        assertThat(bobsRoles(a)).contains("analyst_role");
    }
}
