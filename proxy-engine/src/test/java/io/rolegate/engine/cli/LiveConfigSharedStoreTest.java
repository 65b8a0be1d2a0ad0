package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.store.config.ConfigVersionFollower;
import io.rolegate.engine.store.config.ConfigVersions;
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
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A running engine on a PostgreSQL store takes versions other processes add to it — the command line's
 * {@code config import} and {@code config rollback}, a plain store client standing in for another engine of a
 * fleet — within seconds, once each, in order, even when the notification was lost with the listening connection;
 * a version that does not load changes nothing and is audited as refused.
 */
class LiveConfigSharedStoreTest {
    @TempDir
    Path dir;
    TestDirectory ldap;
    TestProxy proxy;
    String storeUrl;
    ConfigVersions otherClient;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        storeUrl = TestStores.newPostgresSchemaUrl();
        proxy = LiveSessions.startPolling(dir.resolve("data"), ldap,
                c -> c.withStore(new StoreConfig(storeUrl, TestPostgres.SUPERUSER, Secret.empty())));
        otherClient = new ConfigVersions(() -> DriverManager.getConnection(storeUrl, TestPostgres.SUPERUSER, ""));
    }

    @AfterEach
    void stop() {
        proxy.close();
        ldap.close();
    }

    private String yaml(UnaryOperator<RolegateConfig> change) {
        return ConfigWriter.toYaml(change.apply(proxy.engine().config()));
    }

    private CliRun cli(String... args) {
        return CliRun.run(Map.of("ROLEGATE_ADMIN_PASSWORD", TestPostgres.PASSWORD,
                "ROLEGATE_LDAP_PASSWORD", TestDirectory.SERVICE_PASSWORD,
                "ROLEGATE_DATA_DIR", dir.resolve("cli-data").toString()), dir.resolve("home"), args);
    }

    private List<AuditRecord> records(AuditEventType type, int version) {
        return proxy.engine().audit().records(AuditQuery.all().type(type)).stream()
                .filter(r -> r.event().message().startsWith("configuration version " + version + " ")).toList();
    }

    private void awaitTaken(AuditEventType type, int version) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(10), "version " + version + " is recorded as " + type,
                () -> !records(type, version).isEmpty());
    }

    @Test
    void aPolicyImportedByTheCommandLineEndsTheRefusedSessionAndNobodyElses() throws Exception {
        try (Connection alice = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"));
             Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            CompletableFuture<PSQLException> aliceLoop = LiveSessions.queryLoop(alice);
            Path file = Files.writeString(dir.resolve("tight.yaml"), yaml(c -> c.withAccess(c.access()
                    .withPolicies(c.access().policies().withUserFilter("(!(uid=alice))")))));

            CliRun run = cli("config", "import", "--config", file.toString(), "--author", "dba-cli", "--comment",
                    "alice leaves");

            assertThat(run.code).as(run.toString()).isZero();
            assertThat(run.out).contains("+  userFilter: (!(uid=alice))", HeldStoreChange.TAKEN_LIVE);
            int version = proxy.engine().settings().history().get(0).version();
            LiveSessions.assertEndedByRevocationNaming(aliceLoop, "access revoked by configuration version "
                    + version);
            assertThat(DirectoryProxies.one(bob, "select current_user")).isEqualTo("bob");
            assertThatThrownBy(() -> DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice")).close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
            awaitTaken(AuditEventType.CONFIG_APPLIED, version);
            assertThat(records(AuditEventType.CONFIG_APPLIED, version)).singleElement().satisfies(r ->
                    assertThat(r.event().message()).contains("by dba-cli (alice leaves)", "policies.userFilter"));
        }
    }

    @Test
    void aVersionThatDoesNotLoadChangesNothingAndIsRecordedAsRefused() throws Exception {
        try (Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            ConfigVersion broken = otherClient.save("listen:\n  port: seventy\npolicies:\n  userFilter: (uid=nobody)\n",
                    "script", "hand-edited");

            awaitTaken(AuditEventType.CONFIG_REFUSED, broken.version());
            assertThat(records(AuditEventType.CONFIG_REFUSED, broken.version())).singleElement().satisfies(r ->
                    assertThat(r.event().message()).contains("by script (hand-edited)", "nothing changed",
                            "listen.port"));
            assertThat(proxy.engine().settings().applied(broken.version()).orElseThrow().applied()).isFalse();
            assertThat(DirectoryProxies.one(bob, "select current_user")).as("the session survives").isEqualTo("bob");
            assertThat(proxy.engine().config().access().policies().userFilter()).isNull();
            assertThat(records(AuditEventType.CONFIG_APPLIED, broken.version())).isEmpty();
        }
    }

    @Test
    void aVersionAddedWhileTheListeningConnectionIsGoneIsTakenOnce() throws Exception {
        try (Connection su = TestPostgres.get().superuser()) {
            Eventually.within(Duration.ofSeconds(10), "the follower listens", () -> "1".equals(DirectoryProxies.one(
                    su, "select count(*) from pg_stat_activity where application_name = '"
                            + ConfigVersionFollower.APPLICATION_NAME + "'")));
            DirectoryProxies.one(su, "select count(pg_terminate_backend(pid)) from pg_stat_activity where"
                    + " application_name = '" + ConfigVersionFollower.APPLICATION_NAME + "'");
            ConfigVersion v = otherClient.save(yaml(c -> c.withLimits(c.limits().withMaxClientConnections(321))),
                    "node-2", "fewer clients");

            awaitTaken(AuditEventType.CONFIG_APPLIED, v.version());
            // measured, not asserted: from the insert to the engine's record of taking it
            System.out.println("missed notification: version " + v.version() + " taken after " + Duration.between(
                    v.createdAt(), records(AuditEventType.CONFIG_APPLIED, v.version()).get(0).event().time())
                    .toMillis() + " ms");
            assertThat(proxy.engine().config().limits().maxClientConnections()).isEqualTo(321);
            Thread.sleep(ConfigVersionFollower.SAFETY_POLL.toMillis() + 500); // a safety poll later: still once
            assertThat(records(AuditEventType.CONFIG_APPLIED, v.version())).hasSize(1);
        }
    }

    @Test
    void versionsInQuickSuccessionApplyInOrderAndARollbackAppliesTheOlderContent() throws Exception {
        ConfigVersion first = otherClient.save(yaml(c -> c.withLimits(c.limits().withMaxClientConnections(101))),
                "node-2", "first");
        ConfigVersion second = otherClient.save(yaml(c -> c.withLimits(c.limits().withMaxClientConnections(102))),
                "node-3", "second");

        awaitTaken(AuditEventType.CONFIG_APPLIED, second.version());
        System.out.println("notified: version " + second.version() + " taken after " + Duration.between(
                second.createdAt(), records(AuditEventType.CONFIG_APPLIED, second.version()).get(0).event().time())
                .toMillis() + " ms");
        assertThat(proxy.engine().config().limits().maxClientConnections()).isEqualTo(102);
        List<AuditRecord> applied = proxy.engine().audit().records(AuditQuery.all()
                .type(AuditEventType.CONFIG_APPLIED));
        assertThat(applied).extracting(r -> r.event().message().substring(0, r.event().message().indexOf(" by ")))
                .containsSubsequence("configuration version " + first.version(),
                        "configuration version " + second.version());

        Path file = Files.writeString(dir.resolve("store.yaml"), yaml(c -> c));
        CliRun back = cli("config", "rollback", Integer.toString(first.version()), "--config", file.toString(),
                "--comment", "102 was too many", "--author", "dba-cli");

        assertThat(back.code).as(back.toString()).isZero();
        int rolledBack = second.version() + 1;
        awaitTaken(AuditEventType.CONFIG_APPLIED, rolledBack);
        assertThat(proxy.engine().config().limits().maxClientConnections()).isEqualTo(101);
    }
}
