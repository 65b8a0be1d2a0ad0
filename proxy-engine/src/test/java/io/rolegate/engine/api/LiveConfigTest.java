package io.rolegate.engine.api;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConfigApplied;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A version saved through the running engine (the console's Save and Roll back) is taken at once: a tightened
 * policy ends the sessions it refuses, naming the version, and nobody else's; the watcher takes new settings and
 * still enforces; what cannot change live is reported, not pretended.
 */
class LiveConfigTest {
    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;
    ConsoleIdentity operator;
    private final AtomicInteger warmUps = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        proxy = LiveSessions.startPolling(dataDir, ldap, c -> c);
        operator = proxy.engine().operator("dba-kim");
    }

    @AfterEach
    void stop() {
        proxy.close();
        ldap.close();
    }

    private ConfigVersion save(UnaryOperator<RolegateConfig> change, String comment) {
        String yaml = ConfigWriter.toYaml(change.apply(proxy.engine().config()));
        return proxy.engine().settings().save(yaml, Map.of(), operator, comment);
    }

    private List<AuditRecord> records(AuditEventType type) {
        return proxy.engine().audit().records(AuditQuery.all().type(type));
    }

    @Test
    void aTightenedPolicyEndsTheRefusedSessionNamingTheVersionAndLeavesTheOthers() throws Exception {
        try (Connection alice = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"));
             Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            CompletableFuture<PSQLException> aliceLoop = LiveSessions.queryLoop(alice);

            ConfigVersion v = save(c -> c.withAccess(c.access().withPolicies(c.access().policies()
                    .withUserFilter("(!(uid=alice))"))), "alice moves to another team");

            PSQLException ended = LiveSessions.assertEndedByRevocationNaming(aliceLoop,
                    "access revoked by configuration version " + v.version());
            assertThat(ended.getMessage()).contains("(!(uid=alice))");
            assertThat(DirectoryProxies.one(bob, "select current_user")).as("bob is not touched").isEqualTo("bob");
            assertThatThrownBy(() -> DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice")).close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
            LiveSessions.assertRoleLocked(proxy, "alice");

            ConfigApplied outcome = proxy.engine().settings().applied(v.version()).orElseThrow();
            assertThat(outcome.applied()).isTrue();
            assertThat(outcome.live()).containsExactly("policies.userFilter");
            assertThat(outcome.restart()).isEmpty();
            assertThat(records(AuditEventType.CONFIG_APPLIED)).singleElement().satisfies(r -> {
                assertThat(r.event().message()).contains("configuration version " + v.version() + " by dba-kim",
                        "applied now: policies.userFilter");
                assertThat(r.event().actor()).isEqualTo("rolegate");
            });
        }
    }

    @Test
    void aListenerChangeWaitsForARestartAndSaysSoWhileTheRestAppliesNow() throws Exception {
        int port = proxy.port();
        ConfigVersion v = save(c -> c.withListen(c.listen().withPort(port + 1))
                .withLimits(c.limits().withMaxClientConnections(77)), "move the port, fewer clients");

        ConfigApplied outcome = proxy.engine().settings().applied(v.version()).orElseThrow();
        assertThat(outcome.live()).containsExactly("limits.maxClientConnections");
        assertThat(outcome.restart()).containsExactly("listen.port");
        assertThat(proxy.port()).as("the listener stays where it is").isEqualTo(port);
        assertThat(proxy.engine().config().limits().maxClientConnections()).isEqualTo(77);
        assertThat(proxy.engine().settings().waitingForRestart(Map.of())).containsExactly("listen.port");
        try (Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            assertThat(DirectoryProxies.one(bob, "select 1")).isEqualTo("1");
        }
        assertThat(records(AuditEventType.CONFIG_APPLIED)).singleElement().satisfies(r -> assertThat(
                r.event().message()).contains("waits for a restart: listen.port"));

        // a mapping change meanwhile is saved on top of the latest version: the waiting port is not lost
        proxy.engine().directory().applyMappings(DirectoryProxies.MAPPINGS.subList(0, 3), operator, "no cycles");
        assertThat(proxy.engine().settings().latestYaml()).contains("port: " + (port + 1));
        assertThat(proxy.engine().settings().waitingForRestart(Map.of())).containsExactly("listen.port");
        assertThat(proxy.engine().config().access().mappings()).hasSize(3);
    }

    @Test
    void newWatcherSettingsRestartTheWatcherWhichStillEnforcesRevocation() throws Exception {
        assertThat(proxy.engine().directory().watcherHealth().fallbackReason()).isNull();

        ConfigVersion v = save(c -> c.withDirectory(c.directory().toBuilder().watch(WatchMode.AUTO).build()),
                "let the engine choose");

        assertThat(proxy.engine().settings().applied(v.version()).orElseThrow().live())
                .containsExactly("directory.watch");
        Eventually.within(Duration.ofSeconds(10), "the new watcher (auto, probing) runs polling",
                () -> proxy.engine().directory().watcherHealth().fallbackReason() != null
                        && proxy.engine().directory().watcherHealth().mode() == WatchMode.POLL);
        LiveSessions.awaitWatcherSeesChanges(proxy, this::warmUp);
        try (Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            CompletableFuture<PSQLException> loop = LiveSessions.queryLoop(bob);
            ldap.server().modify(TestDirectory.userDn("bob"), new Modification(ModificationType.ADD,
                    "pwdAccountLockedTime", "000001010000Z"));
            LiveSessions.assertEndedByRevocation(loop);
        }
    }

    @Test
    void aNewPollIntervalKeepsTheRunningWatcherAndItsPlace() throws Exception {
        LiveSessions.awaitWatcherSeesChanges(proxy, this::warmUp);
        ConfigVersion v = save(c -> c.withDirectory(c.directory().toBuilder().pollInterval(Duration.ofMillis(100))
                .build()), "poll faster");

        assertThat(proxy.engine().settings().applied(v.version()).orElseThrow().live())
                .containsExactly("directory.pollInterval");
        assertThat(proxy.engine().directory().watcherHealth().connected()).as("not reconnected").isTrue();
        try (Connection judy = DirectoryProxies.login(proxy, "judy", TestDirectory.password("judy"))) {
            CompletableFuture<PSQLException> loop = LiveSessions.queryLoop(judy);
            ldap.server().delete(TestDirectory.userDn("judy"));
            LiveSessions.assertEndedByRevocation(loop);
        }
    }

    @Test
    void aRollbackToTheVersionBeforeAppliesItsContent() throws Exception {
        int before = proxy.engine().settings().history().get(0).version();
        save(c -> c.withAccess(c.access().withPolicies(c.access().policies().withUserFilter("(!(uid=bob))"))),
                "no bob");
        assertThatThrownBy(() -> DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob")).close())
                .isInstanceOf(PSQLException.class);

        ConfigVersion back = proxy.engine().settings().rollback(before, operator, "bob is back");

        assertThat(proxy.engine().settings().applied(back.version()).orElseThrow().live())
                .containsExactly("policies.userFilter");
        assertThat(proxy.engine().config().access().policies().userFilter()).isNull();
        try (Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            assertThat(DirectoryProxies.one(bob, "select current_user")).isEqualTo("bob");
        }
    }

    @Test
    void consoleGroupsConfiguredLiveEndTheOperatorsHandle() {
        ConfigVersion v = save(c -> c.withConsole(new ConsoleConfig(TestDirectory.groupDn("dba"), null)),
                "console logins from now on");

        assertThat(proxy.engine().settings().applied(v.version()).orElseThrow().live())
                .containsExactly("console.adminGroup");
        assertThat(proxy.engine().consoleLoginsConfigured()).isTrue();
        assertThatThrownBy(() -> proxy.engine().settings().rollback(v.version() - 1, operator, "undo"))
                .isInstanceOf(PermissionDenied.class).hasMessageContaining("log in with a directory account");
        assertThatThrownBy(() -> proxy.engine().operator("dba-kim")).isInstanceOf(PermissionDenied.class);
        assertThat(records(AuditEventType.CONSOLE_ACTION_REFUSED)).singleElement()
                .satisfies(r -> assertThat(r.event().actor()).isEqualTo("dba-kim"));
    }

    private void warmUp() throws Exception {
        ldap.server().modify(TestDirectory.userDn("carol"), new Modification(ModificationType.REPLACE,
                "description", "warm-up " + warmUps.incrementAndGet()));
    }
}
