package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A directory change that takes one of a user's roles while that user's login is in flight (found in the soak: the
 * login raced the change stream and its half-started backend was terminated, so a login the directory allowed
 * failed). The login is held where it is widest — upstream logged in, the login's audit record not yet durable —
 * by locking the PostgreSQL store's audit table; the change then REVOKEs the role. A login whose backend has run
 * nothing and taken no role goes on, without the role; one that takes the lost role at start-up ({@code options=-c
 * role=...}) holds it from its first moment, so it ends, saying why.
 */
class LoginInFlightRoleLossTest {
    private static final String ANALYSTS = TestDirectory.groupDn("analysts");
    private static final String ALICE = TestDirectory.userDn("alice");

    @TempDir
    Path dataDir;
    private TestDirectory ldap;
    private TestProxy proxy;
    private String storeUrl;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        storeUrl = TestStores.newPostgresSchemaUrl();
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            return d.withDirectory(d.directory().toBuilder().watch(WatchMode.POLL).pollInterval(Duration.ofMillis(200))
                            .cacheTtl(Duration.ZERO).build())
                    .withStore(new StoreConfig(storeUrl, TestPostgres.SUPERUSER, Secret.empty()));
        });
        ldap.server().modify(ANALYSTS, new Modification(ModificationType.ADD, "member", ALICE));
        try (Connection warm = login(new Properties())) {
            assertThat(DirectoryProxies.roles(warm)).contains("dba_role", "analyst_role");
        }
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
    void aLoginInFlightGoesOnWithoutTheRoleItsUserLost() throws Exception {
        CompletableFuture<Connection> login = loginWhileTheAuditIsHeldAndAnalystsLoseAlice(new Properties(), true);
        try (Connection alice = login.get(30, TimeUnit.SECONDS)) {
            assertThat(DirectoryProxies.roles(alice)).containsExactly("dba_role");
            assertThat(DirectoryProxies.one(alice, "select 41 + 1")).isEqualTo("42");
            try (Statement s = alice.createStatement()) {
                assertThatThrownBy(() -> s.execute("set role analyst_role")).isInstanceOfSatisfying(
                        PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void aLoginInFlightThatTakesTheLostRoleAtStartupEndsSayingWhy() throws Exception {
        Properties options = new Properties();
        options.setProperty("options", "-c role=analyst_role");
        CompletableFuture<Connection> login = loginWhileTheAuditIsHeldAndAnalystsLoseAlice(options, false);
        Throwable failed = null;
        try {
            login.get(30, TimeUnit.SECONDS).close();
        } catch (java.util.concurrent.ExecutionException e) {
            failed = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        }
        assertThat(failed).as("the login that set analyst_role at start-up is ended").isInstanceOf(SQLException.class);
        SQLException sql = (SQLException) failed;
        assertThat(sql.getSQLState()).as(sql.getMessage()).isEqualTo("57P01");
        assertThat(sql.getMessage()).contains("analyst_role").contains("access revoked by the directory");
    }

    /**
     * Starts alice's login with the store's audit table locked, waits until her backend is up and the login waits for
     * its audit record, removes her from analysts, waits for the REVOKE (and the moment after it in which a lost role
     * ends sessions), then lets the audit go on. {@code goesOn}: the login must still be waiting then; else it must have
     * ended already. The future completes with the login's connection or failure.
     */
    private CompletableFuture<Connection> loginWhileTheAuditIsHeldAndAnalystsLoseAlice(Properties extra,
                                                                         boolean goesOn) throws Exception {
        try (Connection su = TestPostgres.get().superuser();
             Connection lock = DriverManager.getConnection(storeUrl, TestPostgres.SUPERUSER, "")) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("lock table audit_event in access exclusive mode");
            }
            CompletableFuture<Connection> login = CompletableFuture.supplyAsync(() -> {
                try {
                    return login(extra);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Eventually.within(Duration.ofSeconds(20), "alice's new backend is up while her login waits for the audit",
                    () -> "1".equals(DirectoryProxies.one(su, "select count(*) from pg_stat_activity"
                            + " where usename = 'alice'")) && !login.isDone());

            ldap.server().modify(ANALYSTS, new Modification(ModificationType.DELETE, "member", ALICE));
            Eventually.within(Duration.ofSeconds(20), "alice's role loses analyst_role", () -> "f".equals(
                    DirectoryProxies.one(su, "select pg_has_role('alice', 'analyst_role', 'member')")));
            Thread.sleep(1000); // the REVOKE's consequences (RoleLoss) follow it on the same thread
            if (goesOn) {
                assertThat(login).as("the login still waits for its audit record").isNotDone();
            } else {
                Eventually.within(Duration.ofSeconds(10), "the login is ended before its audit record", login::isDone);
            }
            lock.rollback(); // the audit goes on
            return login;
        }
    }

    private Connection login(Properties extra) throws Exception {
        Properties p = DirectoryProxies.tls();
        p.putAll(extra);
        return proxy.connect("alice", TestDirectory.password("alice"), p);
    }
}
