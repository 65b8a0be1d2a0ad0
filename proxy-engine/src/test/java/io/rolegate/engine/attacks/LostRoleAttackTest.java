package io.rolegate.engine.attacks;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 2, attacked: alice (dba) is put in analysts (→ analyst_role), logs in, takes the role with
 * {@code SET ROLE analyst_role} and reads its table; then she loses the group. PostgreSQL does not re-check a role
 * a session already set, so the REVOKE alone left her reading as analyst_role. Now her session ends with 57P01
 * naming the lost role, her kept server connection is closed and no backend of hers is left — whether the REVOKE
 * came from the watcher's re-evaluation or from her own next login.
 */
class LostRoleAttackTest {
    private static final String TABLE = "rg_analysts_only";
    private static final String ANALYSTS = TestDirectory.groupDn("analysts");
    private static final String ALICE = TestDirectory.userDn("alice");

    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;

    @BeforeAll
    static void table() throws Exception {
        try (Connection su = TestPostgres.get().connect(TestPostgres.SUPERUSER, "", TestPostgres.DATABASE);
             Statement s = su.createStatement()) {
            s.execute("create table if not exists " + TABLE + " (secret text)");
            s.execute("revoke all on " + TABLE + " from public");
            s.execute("grant select on " + TABLE + " to analyst_role");
        }
    }

    private void start(WatchMode watch) throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            return d.withDirectory(d.directory().toBuilder().watch(watch).pollInterval(Duration.ofMillis(200))
                            .cacheTtl(Duration.ZERO).build())
                    .withUpstream(d.upstream().withKeepIdle(Duration.ofMinutes(1), 2));
        });
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    @Test
    void losingTheGroupEndsTheSessionThatSetTheRoleAndEvictsHerKeptConnection() throws Exception {
        start(WatchMode.POLL);
        ldap.server().modify(ANALYSTS, new Modification(ModificationType.ADD, "member", ALICE));
        try (Connection alice = login()) {
            takeAnalystRole(alice);
            keepOneServerConnection();
            CompletableFuture<PSQLException> reading = readingLoop(alice);
            Thread.sleep(100);
            assertThat(reading).as("she reads as analyst_role before the change").isNotDone();

            ldap.server().modify(ANALYSTS, new Modification(ModificationType.DELETE, "member", ALICE));

            assertEndedNamingAnalystRole(reading);
        }
        assertNothingOfAliceLeft();
        assertReloginCannotTakeAnalystRole();
    }

    @Test
    void herOwnNextLoginRevokingTheRoleEndsTheSessionThatSetIt() throws Exception {
        start(WatchMode.OFF); // no watcher: only her next login learns that she left analysts
        ldap.server().modify(ANALYSTS, new Modification(ModificationType.ADD, "member", ALICE));
        try (Connection alice = login()) {
            takeAnalystRole(alice);
            CompletableFuture<PSQLException> reading = readingLoop(alice);
            ldap.server().modify(ANALYSTS, new Modification(ModificationType.DELETE, "member", ALICE));
            try (Connection again = login()) {
                assertThat(DirectoryProxies.one(again, "select pg_has_role('analyst_role', 'member')")).isEqualTo("f");
            }
            assertEndedNamingAnalystRole(reading);
        }
    }

    private Connection login() throws Exception {
        return DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"));
    }

    private static void takeAnalystRole(Connection alice) throws Exception {
        assertThat(DirectoryProxies.roles(alice)).contains("dba_role", "analyst_role");
        try (Statement s = alice.createStatement()) {
            s.execute("set role analyst_role");
        }
        assertThat(DirectoryProxies.one(alice, "select count(*) from " + TABLE)).isEqualTo("0");
    }

    /** A second session of alice's ends cleanly: its server connection waits for her next login. */
    private void keepOneServerConnection() throws Exception {
        int waiting = proxy.engine().loginMetrics().keptWaiting();
        login().close();
        Eventually.within(Duration.ofSeconds(10), "alice's server connection is kept",
                () -> proxy.engine().loginMetrics().keptWaiting() == waiting + 1);
    }

    /** Reads the analysts' table every 20 ms until the session dies; completes with what ended it. */
    private static CompletableFuture<PSQLException> readingLoop(Connection c) {
        return LiveSessions.runUntilEnded(c, "select count(*) from " + TABLE, Duration.ofSeconds(15));
    }

    private static void assertEndedNamingAnalystRole(CompletableFuture<PSQLException> reading) throws Exception {
        PSQLException ended = reading.get(20, TimeUnit.SECONDS);
        assertThat((Object) ended).as("the session stopped reading as analyst_role").isNotNull();
        assertThat(ended.getSQLState()).as("SQLSTATE of %s", ended.getMessage()).isEqualTo("57P01");
        assertThat(ended.getMessage()).contains("analyst_role").contains("access revoked by the directory");
    }

    private void assertNothingOfAliceLeft() throws Exception {
        Eventually.within(Duration.ofSeconds(5), "alice's kept server connection is closed",
                () -> proxy.engine().loginMetrics().keptWaiting() == 0);
        try (Connection su = TestPostgres.get().superuser()) {
            Eventually.within(Duration.ofSeconds(5), "no backend of alice is left", () -> {
                try {
                    return "0".equals(DirectoryProxies.one(su,
                            "select count(*) from pg_stat_activity where usename = 'alice'"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private void assertReloginCannotTakeAnalystRole() throws Exception {
        try (Connection alice = login(); Statement s = alice.createStatement()) {
            assertThat(DirectoryProxies.roles(alice)).containsExactly("dba_role");
            assertThatThrownBy(() -> s.execute("set role analyst_role"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }
}
