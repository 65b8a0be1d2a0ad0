package io.rolegate.engine.provisioning;

import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provisioning against a real PostgreSQL through a CREATEROLE admin that is not a superuser. */
class RoleProvisionerTest {
    static TestPostgres pg;
    static AdminDatabase admin;
    static RoleProvisioner provisioner;
    static ManagedSecrets secrets;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
        admin = new AdminDatabase("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?sslmode=disable",
                TestPostgres.ADMIN_USER, TestPostgres.PASSWORD, "test admin");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secrets = new ManagedSecrets(key);
        provisioner = new RoleProvisioner(admin, secrets);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    private static Set<String> memberships(String role) throws Exception {
        try (Connection c = pg.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid"
                     + " join pg_roles u on u.oid = m.member where u.rolname = '" + role + "'")) {
            Set<String> out = new TreeSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void createsAManagedLoginRoleWithExactlyTheMappedRoles() throws Exception {
        RoleProvisioner.Applied first = provisioner.allow("p_alice", Set.of("dba_role", "analyst_role"));
        assertThat(first.executed()).anyMatch(s -> s.startsWith("CREATE ROLE \"p_alice\" LOGIN PASSWORD"))
                .noneMatch(s -> s.contains("SCRAM-SHA-256$"));
        assertThat(memberships("p_alice")).containsExactly("analyst_role", "dba_role");
        assertThat(provisioner.state("p_alice").managed()).isTrue();

        RoleProvisioner.Applied again = provisioner.allow("p_alice", Set.of("dba_role", "analyst_role"));
        assertThat(again.executed()).as("already in agreement").isEmpty();

        RoleProvisioner.Applied changed = provisioner.allow("p_alice", Set.of("analyst_role", "readonly_role"));
        assertThat(changed.executed()).containsExactly("GRANT \"readonly_role\" TO \"p_alice\"",
                "REVOKE \"dba_role\" FROM \"p_alice\"");
        assertThat(memberships("p_alice")).containsExactly("analyst_role", "readonly_role");
    }

    @Test
    void theDerivedSecretLogsIn() throws Exception {
        RoleProvisioner.Applied a = provisioner.allow("p_bob", Set.of("readonly_role"));
        try (Connection c = pg.connect("p_bob", secrets.secret("p_bob", a.generation()), TestPostgres.DATABASE);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user, pg_has_role('readonly_role', 'member')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("p_bob");
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    @Test
    void aRoleRolegateDidNotCreateIsNeverTouched() throws Exception {
        try (Connection c = pg.superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE p_carol LOGIN PASSWORD 'hers'");
        }
        assertThatThrownBy(() -> provisioner.allow("p_carol", Set.of("dba_role")))
                .isInstanceOf(UnmanagedRoleException.class).hasMessageContaining("\"p_carol\" already exists and is not"
                        + " managed by Rolegate");
        assertThatThrownBy(() -> provisioner.deny("p_carol")).isInstanceOf(UnmanagedRoleException.class);
        assertThat(memberships("p_carol")).isEmpty();
        assertThat(provisioner.state("p_carol").canLogin()).isTrue();
    }

    @Test
    void denyLocksTheRoleAndEndsDirectLogins() throws Exception {
        RoleProvisioner.Applied a = provisioner.allow("p_dave", Set.of("dba_role"));
        String secret = secrets.secret("p_dave", a.generation());
        try (Connection direct = pg.connect("p_dave", secret, TestPostgres.DATABASE)) {
            RoleProvisioner.Applied denied = provisioner.deny("p_dave");
            assertThat(denied.executed()).containsExactly("ALTER ROLE \"p_dave\" NOLOGIN",
                    "REVOKE \"dba_role\" FROM \"p_dave\"");
            assertThat(provisioner.terminateBackends("p_dave")).isEqualTo(1);
            assertThatThrownBy(() -> direct.createStatement().execute("select 1")).isInstanceOf(PSQLException.class);
        }
        assertThatThrownBy(() -> pg.connect("p_dave", secret, TestPostgres.DATABASE).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("not permitted to log in"));
        assertThat(memberships("p_dave")).isEmpty();
    }

    @Test
    void dryRunShowsTheSqlAndChangesNothing() throws Exception {
        RolePlan plan = provisioner.dryRunAllow("p_erin", Set.of("analyst_role"));
        assertThat(plan.statements()).containsExactly(
                "CREATE ROLE \"p_erin\" LOGIN PASSWORD '" + RolePlan.VERIFIER + "'",
                "COMMENT ON ROLE \"p_erin\" IS '" + RolePlan.MARKER + "1'",
                "GRANT \"analyst_role\" TO \"p_erin\"");
        assertThat(provisioner.state("p_erin").exists()).isFalse();
    }

    @Test
    void namesWithQuotesAndCaseAreQuotedNotInjected() throws Exception {
        String odd = RoleNames.forUser("O'Brien \"x\"; DROP ROLE dba_role; --");
        provisioner.allow(odd, Set.of("readonly_role"));
        assertThat(provisioner.state(odd).managed()).isTrue();
        assertThat(provisioner.state("dba_role").exists()).isTrue();
        assertThatThrownBy(() -> RoleNames.forUser("pg_monitor")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> RoleNames.forUser("x".repeat(64))).hasMessageContaining("63 bytes");
    }
}
