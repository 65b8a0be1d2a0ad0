package io.rolegate.engine.attacks;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.policy.GroupRule;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 3, attacked: re-evaluation must decide with each session's own facts.
 *
 * <p>With {@code policies.allowedSources: ["::1/128"]} and clients on ::1, the periodic reconciliation decided every
 * user as if from 127.0.0.1, refused them all, locked every managed role and ended every session. Now each session is
 * re-decided with its own address (and database, application, time), and a user without a session on directory
 * facts only.
 *
 * <p>data-team (→ analyst_role) allowed only on database {@code reporting}; alice is in data-team and, through it, in
 * dba (→ dba_role, any database). Memberships are cluster-wide in PostgreSQL 15, so her session on {@code appdb}
 * gained analyst_role as soon as she logged in to {@code reporting} (or the reconciliation decided her "for every
 * database") and read its table after {@code SET ROLE analyst_role}. Now a session on another database never holds
 * the scoped role: a login whose roles differ from those of a live session of the same user is refused, and the
 * reconciliation keeps only what every live session is entitled to (decision 0011).
 *
 * <p>The reconciliation runs every 300 ms here; no watcher.
 */
class SessionFactsAttackTest {
    private static final String REPORTING = "reporting";
    private static final String SECRET = "rg_scoped_secret";

    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;

    @BeforeAll
    static void databases() throws Exception {
        try (Connection su = TestPostgres.get().superuser(); Statement s = su.createStatement()) {
            if (!"1".equals(DirectoryProxies.one(su, "select count(*) from pg_database where datname = 'reporting'"))) {
                s.execute("create database " + REPORTING);
            }
        }
        for (String db : List.of(TestPostgres.DATABASE, REPORTING)) {
            try (Connection su = TestPostgres.get().connect(TestPostgres.SUPERUSER, "", db);
                 Statement s = su.createStatement()) {
                s.execute("create table if not exists " + SECRET + " (x int)");
                s.execute("revoke all on " + SECRET + " from public");
                s.execute("grant select on " + SECRET + " to analyst_role");
            }
        }
    }

    /** Listening on every address (so 127.0.0.1 can try too), allowing only ::1. */
    private void startAllowingOnlyLoopbackV6() throws Exception {
        ldap = TestDirectory.start();
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            AccessConfig access = d.access();
            return d.withListen(new ListenConfig("::", 0, d.listen().tls(), false))
                    .withDirectory(d.directory().toBuilder().watch(WatchMode.OFF)
                            .reconcileInterval(Duration.ofMillis(300)).build())
                    .withAccess(access.withPolicies(access.policies()
                            .withAllowedSources(List.of(Cidr.parse("::1/128")))));
        });
    }

    /** dba → dba_role anywhere; data-team → analyst_role on reporting only. */
    private void startWithDataTeamOnReportingOnly() throws Exception {
        ldap = TestDirectory.start();
        List<Mapping> mappings = List.of(
                new Mapping(TestDirectory.groupDn("dba"), Set.of("dba_role")),
                new Mapping(TestDirectory.groupDn("data-team"), Set.of("analyst_role")));
        PolicyRules policies = PolicyRules.none().withGroupRules(List.of(
                new GroupRule(TestDirectory.groupDn("data-team"), Set.of(REPORTING), Map.of())));
        var base = DirectoryProxies.directoryMode(ldap, mappings, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            return d.withDirectory(d.directory().toBuilder().watch(WatchMode.OFF)
                            .reconcileInterval(Duration.ofMillis(300)).build())
                    .withAccess(new AccessConfig(mappings, policies));
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

    private Connection login(String host, String user, String database) throws Exception {
        Properties p = DirectoryProxies.tls();
        p.setProperty("user", user);
        p.setProperty("password", TestDirectory.password(user));
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + proxy.port() + "/" + database, p);
    }

    private Connection alice(String database) throws Exception {
        return login("127.0.0.1", "alice", database);
    }

    @Test
    void aSessionOnTheOnlyAllowedAddressSurvivesReconciliationAndSoDoesAUserWithoutOne() throws Exception {
        startAllowingOnlyLoopbackV6();
        login("[::1]", "bob", TestPostgres.DATABASE).close(); // bob now has a managed role and no session
        try (Connection alice = login("[::1]", "alice", TestPostgres.DATABASE)) {
            assertThat(DirectoryProxies.one(alice, "select inet_client_addr() is not null")).isEqualTo("t");
            Thread.sleep(1_500); // five reconciliation passes

            assertThat(DirectoryProxies.one(alice, "select current_user")).as("alice's session on ::1 lives")
                    .isEqualTo("alice");
            assertCanLogin("alice");
            assertCanLogin("bob");
            assertThat(proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.REVOCATION)))
                    .as("nobody was revoked").noneSatisfy(r -> assertThat(r.event().user()).isIn("alice", "bob"));
        }
        assertThatThrownBy(() -> login("127.0.0.1", "alice", TestPostgres.DATABASE).close())
                .as("the rule still holds for a new login from elsewhere")
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08004"));
        try (Connection again = login("[::1]", "bob", TestPostgres.DATABASE)) {
            assertThat(DirectoryProxies.one(again, "select current_user")).isEqualTo("bob");
        }
    }

    @Test
    void aSessionOnAnotherDatabaseNeverUsesTheScopedRoleEvenAfterALoginToReporting() throws Exception {
        startWithDataTeamOnReportingOnly();
        try (Connection appdb = alice(TestPostgres.DATABASE); Connection postgres = alice("postgres")) {
            assertThat(DirectoryProxies.roles(appdb)).containsExactly("dba_role");
            assertThat(DirectoryProxies.roles(postgres)).as("two unscoped databases share her roles")
                    .containsExactly("dba_role");
            Thread.sleep(1_000); // reconciliation passes with both sessions live
            assertCannotUseAnalystRole(appdb, "after the reconciliation");

            assertThatThrownBy(() -> alice(REPORTING).close())
                    .as("a login to reporting while her appdb session lives")
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).contains("\"appdb\"").contains("analyst_role");
                    });
            assertCannotUseAnalystRole(appdb, "after a login to reporting");
            Thread.sleep(1_000);
            assertCannotUseAnalystRole(appdb, "after more reconciliation passes");
            try (Statement s = postgres.createStatement()) {
                assertThatThrownBy(() -> s.execute("set role analyst_role")).as("SET ROLE on postgres")
                        .isInstanceOfSatisfying(PSQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
        try (Connection reporting = alice(REPORTING)) {
            assertThat(DirectoryProxies.roles(reporting)).containsExactly("analyst_role", "dba_role");
            readAsAnalyst(reporting);
        }
    }

    @Test
    void aLoginToAnotherDatabaseIsRefusedWhileTheScopedSessionLivesWhichKeepsItsRole() throws Exception {
        startWithDataTeamOnReportingOnly();
        try (Connection reporting = alice(REPORTING)) {
            readAsAnalyst(reporting);
            assertThatThrownBy(() -> alice(TestPostgres.DATABASE).close())
                    .as("a login to appdb while her reporting session holds analyst_role")
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).contains("\"reporting\"");
                    });
            Thread.sleep(1_000); // reconciliation passes: her reporting session is entitled to analyst_role
            assertThat(DirectoryProxies.one(reporting, "select count(*) from " + SECRET)).isEqualTo("0");
        }
        try (Connection appdb = alice(TestPostgres.DATABASE)) {
            assertThat(DirectoryProxies.roles(appdb)).containsExactly("dba_role");
            assertCannotUseAnalystRole(appdb, "once the reporting session ended");
        }
    }

    private static void readAsAnalyst(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("set role analyst_role");
        }
        assertThat(DirectoryProxies.one(c, "select count(*) from " + SECRET)).isEqualTo("0");
    }

    private static void assertCannotUseAnalystRole(Connection appdb, String when) throws Exception {
        assertThat(DirectoryProxies.one(appdb, "select pg_has_role('analyst_role', 'member')"))
                .as("appdb session is a member of analyst_role %s", when).isEqualTo("f");
        try (Statement s = appdb.createStatement()) {
            assertThatThrownBy(() -> s.execute("set role analyst_role")).as("SET ROLE %s", when)
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> s.executeQuery("select count(*) from " + SECRET)).as("read %s", when)
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    private void assertCanLogin(String role) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(2), "role " + role + " exists and may log in", () ->
                proxy.engine().directory().upstreamRoles().stream()
                        .anyMatch(r -> r.name().equals(role) && r.managed() && r.canLogin()));
    }
}
