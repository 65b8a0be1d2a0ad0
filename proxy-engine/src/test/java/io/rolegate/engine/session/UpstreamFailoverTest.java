package io.rolegate.engine.session;

import io.rolegate.engine.config.TargetSessionAttrs;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgresPair;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import io.rolegate.engine.store.secret.MasterKey;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14 item 1 against real parts: a PostgreSQL primary and its streaming hot standby on loopback, UnboundID's
 * directory over TCP, pgjdbc clients. Two engines in directory mode share the pair: one sends sessions to a
 * read-write server, one to a standby; both list the hosts in the order that makes the check matter (the unfitting
 * server first). The methods run in order on one pair: the primary stops, then the standby is promoted.
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamFailoverTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private static TestPostgresPair pair;
    private static TestDirectory ldap;
    private static TestProxy readWrite;
    private static TestProxy standby;

    @BeforeAll
    static void start() throws Exception {
        pair = TestPostgresPair.start();
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress());
        var directory = DirectoryProxies.directoryMode(ldap.settings().build(), DirectoryProxies.MAPPINGS);
        Path rwData = Files.createTempDirectory("rolegate-ha-rw");
        readWrite = TestProxy.start(rwData, pair.upstream(
                TargetSessionAttrs.READ_WRITE, CONNECT_TIMEOUT, pair.standby(), pair.primary()), directory);
        // the two engines manage the same roles: one master key, as a fleet has, or each would set its own passwords
        Path standbyData = Files.createTempDirectory("rolegate-ha-standby");
        Files.copy(rwData.resolve(MasterKey.DATA_DIR_FILE), standbyData.resolve(MasterKey.DATA_DIR_FILE),
                StandardCopyOption.COPY_ATTRIBUTES);
        standby = TestProxy.start(standbyData, pair.upstream(
                TargetSessionAttrs.STANDBY, CONNECT_TIMEOUT, pair.primary(), pair.standby()), directory);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{readWrite, standby, ldap, pair}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A directory login through {@code proxy}; a hang would fail it (socket timeout), not stall the build. */
    private static Connection login(TestProxy proxy, String user) throws SQLException {
        Properties p = DirectoryProxies.tls();
        p.setProperty("socketTimeout", "30");
        p.setProperty("connectTimeout", "30");
        return proxy.connect(user, TestDirectory.password(user), p);
    }

    /** The port of the server the session runs on, and whether it is a standby. */
    private static String where(Connection c) throws Exception {
        return one(c, "select inet_server_port() || case when pg_is_in_recovery() then ' standby' else ' primary' end");
    }

    @Test
    @Order(1)
    void readWriteSessionsLandOnThePrimaryAndStandbySessionsOnTheStandby() throws Exception {
        try (Connection rw = login(readWrite, "alice"); Connection ro = login(standby, "alice")) {
            assertThat(where(rw)).isEqualTo(pair.primary().port() + " primary");
            assertThat(where(ro)).isEqualTo(pair.standby().port() + " standby");
            try (var s = rw.createStatement()) {
                s.execute("create table ha_probe(n int)"); // writes work where the session landed
            }
        }
    }

    @Test
    @Order(2)
    void aCancelGoesToTheHostTheSessionRunsOn() throws Exception {
        // the standby is the second host: a cancel sent to the first would hit nothing and the sleep would finish
        try (Connection c = login(standby, "alice"); var s = c.createStatement()) {
            var sleeping = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    s.execute("select pg_sleep(60)");
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Eventually.within(Duration.ofSeconds(20), "the sleep runs on the standby", () -> "1".equals(
                    TestPostgresPair.query(pair.standby(), "select count(*) from pg_stat_activity"
                            + " where query = 'select pg_sleep(60)' and state = 'active'")));
            s.cancel();
            assertThatThrownBy(() -> sleeping.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(PSQLException.class).rootCause().hasMessageContaining("canceling");
        }
    }

    @Test
    @Order(3)
    void inPassthroughAServerFoundUnfitAfterLoginEndsTheSessionAndTheNextTryGoesElsewhere() throws Exception {
        try (TestProxy passthrough = TestProxy.start(Files.createTempDirectory("rolegate-ha-pass"), pair.upstream(
                TargetSessionAttrs.READ_WRITE, CONNECT_TIMEOUT, pair.standby(), pair.primary()), c -> c)) {
            // the client answered the standby's SCRAM request itself: no other server can take that answer
            assertThatThrownBy(() -> passthrough.connect().close()).isInstanceOfSatisfying(PSQLException.class,
                    e -> {
                        assertThat(e.getSQLState()).isEqualTo("08006");
                        assertThat(e.getMessage()).contains("is a standby", "connect again");
                    });
            try (Connection c = passthrough.connect()) {
                assertThat(where(c)).isEqualTo(pair.primary().port() + " primary");
            }
        }
    }

    @Test
    @Order(4)
    void aFirstLoginSentToAStandbyWaitsUntilItsRoleIsReplayedThere() throws Exception {
        // bob's role does not exist yet: provisioned on the primary, then used on the standby
        try (Connection c = login(standby, "bob")) {
            assertThat(where(c)).isEqualTo(pair.standby().port() + " standby");
            assertThat(DirectoryProxies.roles(c)).contains("analyst_role");
        }
    }

    @Test
    @Order(5)
    void aStandbyThatDoesNotReplayRefusesAFirstLoginClearlyInsteadOfAnUnknownRole() throws Exception {
        TestPostgresPair.query(pair.standby(), "select pg_wal_replay_pause()");
        try {
            assertThatThrownBy(() -> login(standby, "ivan").close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57P03");
                        assertThat(e.getMessage()).contains("has not replayed it", pair.standby().port() + "");
                    });
        } finally {
            TestPostgresPair.query(pair.standby(), "select pg_wal_replay_resume()");
        }
        // replay resumed: the role written meanwhile reaches the standby, and the next login gets in there
        Eventually.within(Duration.ofSeconds(20), "ivan's login on the standby", () -> {
            try (Connection c = login(standby, "ivan")) {
                return where(c).equals(pair.standby().port() + " standby");
            }
        });
    }

    @Test
    @Order(6)
    void aStoppedPrimaryEndsItsLiveSessionsWithAClearErrorAndRefusesNewReadWriteLogins() throws Exception {
        Connection onPrimary = login(readWrite, "alice");
        Connection onStandby = login(standby, "alice");
        try {
            assertThat(where(onPrimary)).endsWith(" primary");
            pair.primary().stop("fast");
            assertThatThrownBy(() -> one(onPrimary, "select 1")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isIn("57P01", "08006"));
            assertThat(where(onStandby)).endsWith(" standby"); // the standby's sessions are not the primary's
        } finally {
            onPrimary.close();
            onStandby.close();
        }
        // only a standby is left: a read-write login is refused, and the error says why for each host
        assertThatThrownBy(() -> login(readWrite, "alice").close()).isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08006");
            assertThat(e.getMessage()).contains("targetSessionAttrs read-write", "is a standby",
                    "could not connect", pair.primary().port() + "");
        });
        // a first login needs the admin connection, which finds no primary: refused, not hung
        assertThatThrownBy(() -> login(readWrite, "kim").close()).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("08006"));
    }

    @Test
    @Order(7)
    void afterPromotionReadWriteLoginsAndProvisioningReachTheNewPrimary() throws Exception {
        pair.standby().promote();
        try (Connection c = login(readWrite, "alice")) {
            assertThat(where(c)).isEqualTo(pair.standby().port() + " primary");
            one(c, "insert into ha_probe values (1) returning n");
        }
        // kim's first login: the admin connection followed the primary, so her role was made there
        try (Connection c = login(readWrite, "kim")) {
            String role = one(c, "select current_user");
            assertThat(where(c)).isEqualTo(pair.standby().port() + " primary");
            assertThat(TestPostgresPair.query(pair.standby(),
                    "select count(*) from pg_roles where rolname = '" + role + "'")).isEqualTo("1");
        }
        // the standby-only engine has no standby left: it says so rather than handing out the primary
        assertThatThrownBy(() -> login(standby, "alice").close()).isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08006");
            assertThat(e.getMessage()).contains("targetSessionAttrs standby", "is a primary");
        });
    }
}
