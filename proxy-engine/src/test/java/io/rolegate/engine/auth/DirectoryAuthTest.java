package io.rolegate.engine.auth;

import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.TestPostgres;
import static io.rolegate.engine.testbed.DirectoryProxies.*;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Directory authentication end to end: a real LDAP server over TCP, a real PostgreSQL with a non-superuser
 * provisioning role, pgjdbc over TLS. Each denial path with its SQLSTATE and message.
 */
class DirectoryAuthTest {
    static TestDirectory ldap;
    @TempDir
    static Path dataDir;
    static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        proxy = TestProxy.start(dataDir, directoryMode(ldap, MAPPINGS, false));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        ldap.close();
    }

    @Test
    void aDirectoryUserLandsAsTheirOwnRoleWithExactlyTheMappedRoles() throws Exception {
        try (Connection c = login(proxy, "alice", TestDirectory.password("alice"))) {
            assertThat(one(c, "select current_user")).isEqualTo("alice");
            assertThat(roles(c)).as("dba via data-team, nested").containsExactly("dba_role");
            assertThat(one(c, "select pg_has_role('dba_role', 'member')")).isEqualTo("t");
        }
        var decided = proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.ACCESS_DECIDED).user("alice"));
        assertThat(decided).isNotEmpty();
        assertThat(decided.get(0).event().message()).contains("cn=dba").contains("data-team").contains("dba_role");
    }

    @Test
    void theSessionShowsWhoTheDirectorySaidItIs() throws Exception {
        try (Connection c = login(proxy, "alice", TestDirectory.password("alice"))) {
            var snap = proxy.engine().sessions().stream().filter(s -> "alice".equals(s.user())).findFirst()
                    .orElseThrow();
            assertThat(snap.directoryDn()).isEqualToIgnoringCase(TestDirectory.userDn("alice"));
            assertThat(snap.role()).isEqualTo("alice");
            assertThat(snap.roles()).containsExactly("dba_role");
            assertThat(snap.tls()).startsWith("TLS");
        }
    }

    @Test
    void psqlLogsInWithTheDirectoryPassword() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-At", "-c", "select current_user, "
                + "pg_has_role('analyst_role', 'member')", "host=127.0.0.1 port=" + proxy.port()
                + " user=bob dbname=" + TestPostgres.DATABASE + " sslmode=require").redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", TestDirectory.password("bob"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.strip()).isEqualTo("bob|t");
    }

    @Test
    void nestedGroupsAddUpAndGroupSettingsApplyAtStartup() throws Exception {
        try (Connection c = login(proxy, "bob", TestDirectory.password("bob"))) {
            assertThat(roles(c)).containsExactly("analyst_role", "readonly_role");
            assertThat(one(c, "show default_transaction_read_only")).isEqualTo("on");
        }
    }

    @Test
    void wrongPasswordIs28P01() {
        assertThatThrownBy(() -> login(proxy, "alice", "not-her-password").close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> login(proxy, "nobody-at-all", "x").close())
                .as("an unknown user looks the same as a wrong password")
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void aUserInNoMappedGroupIs28000NamingThem() {
        assertThatThrownBy(() -> login(proxy, "carol", TestDirectory.password("carol")).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("carol").contains("no directory group");
                });
    }

    @Test
    void aLockedAccountIs28000() {
        assertThatThrownBy(() -> login(proxy, "erin", TestDirectory.password("erin")).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).containsIgnoringCase("locked");
                });
    }

    @Test
    void withoutTlsThePasswordIsNotEvenAskedFor() {
        Properties plain = new Properties();
        plain.setProperty("sslmode", "disable");
        assertThatThrownBy(() -> proxy.connect("alice", TestDirectory.password("alice"), plain).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08004");
                    assertThat(e.getMessage()).contains("needs TLS");
                });
    }

    @Test
    void aSameNamedRoleRolegateDoesNotManageIsLeftAloneAndTheLoginRefused() throws Exception {
        try (Connection su = TestPostgres.get().superuser(); Statement s = su.createStatement()) {
            s.execute("CREATE ROLE judy LOGIN PASSWORD 'set-by-a-dba'");
        }
        try {
            assertThatThrownBy(() -> login(proxy, "judy", TestDirectory.password("judy")).close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).contains("not managed by Rolegate");
                    });
            try (Connection su = TestPostgres.get().superuser()) {
                assertThat(one(su, "select count(*) from pg_auth_members m join pg_roles u on u.oid = m.member"
                        + " where u.rolname = 'judy'")).isEqualTo("0");
            }
        } finally {
            // the shared test server outlives this class: judy's directory logins elsewhere must find no such role
            try (Connection su = TestPostgres.get().superuser(); Statement s = su.createStatement()) {
                s.execute("DROP ROLE IF EXISTS judy");
            }
        }
    }

    @Test
    void aMappingChangeTakesEffectAtTheNextLogin(@TempDir Path otherData) throws Exception {
        List<Mapping> changed = List.of(new Mapping(TestDirectory.groupDn("dba"), Set.of("analyst_role",
                "readonly_role")));
        try (TestProxy other = TestProxy.start(otherData, directoryMode(ldap, changed, false));
             Connection c = login(other, "alice", TestDirectory.password("alice"))) {
            assertThat(roles(c)).containsExactly("analyst_role", "readonly_role");
        }
        try (Connection c = login(proxy, "alice", TestDirectory.password("alice"))) {
            assertThat(roles(c)).containsExactly("dba_role");
        }
    }

    @Test
    void aManagedRoleWhosePasswordSomeoneChangedIsRepairedAtLogin() throws Exception {
        try (Connection first = login(proxy, "kim", TestDirectory.password("kim"))) {
            assertThat(one(first, "select current_user")).isEqualTo("kim");
        }
        try (Connection su = TestPostgres.get().superuser(); Statement s = su.createStatement()) {
            s.execute("ALTER ROLE kim PASSWORD 'changed-behind-our-back'");
        }
        try (Connection again = login(proxy, "kim", TestDirectory.password("kim"))) {
            assertThat(one(again, "select current_user")).isEqualTo("kim");
        }
    }

    @Test
    void loopbackCleartextOnlyWhenTheAdminOptedIn(@TempDir Path otherData) throws Exception {
        Properties plain = new Properties();
        plain.setProperty("sslmode", "disable");
        try (TestProxy other = TestProxy.start(otherData, directoryMode(ldap, MAPPINGS, true));
             Connection c = other.connect("alice", TestDirectory.password("alice"), plain)) {
            assertThat(one(c, "select current_user")).isEqualTo("alice");
        }
    }

    @Test
    void anUnreachableDirectoryFailsClosedWith08006(@TempDir Path otherData) throws Exception {
        TestDirectory gone = TestDirectory.start();
        try (TestProxy other = TestProxy.start(otherData, directoryMode(gone, MAPPINGS, false))) {
            gone.close();
            assertThatThrownBy(() -> login(other, "alice", TestDirectory.password("alice")).close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08006");
                        assertThat(e.getMessage()).containsIgnoringCase("directory");
                    });
        }
    }
}
