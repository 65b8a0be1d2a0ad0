package io.rolegate.engine.auth.identity;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static io.rolegate.engine.testbed.DirectoryProxies.login;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 1: a managed role belongs to the directory entry that first logged in as it (real PostgreSQL,
 * UnboundID's directory over TCP). Another entry that maps to the same role name — a deleted account re-created
 * under its name, a look-alike name with U+212A KELVIN SIGN, another case — is refused with 28000 and the DBA's way
 * out; a uid rename is refused until the DBA renames the role to follow. On the code before this change every one
 * of these logins got the old role (role names were the lower-cased typed-in attribute, nothing recorded whose).
 *
 * <p>Users are created by the test with an {@code id_} prefix: the test PostgreSQL is shared by the whole JVM.
 */
class RoleNeverPassesToAnotherEntryTest {
    private static final String ANALYSTS = TestDirectory.groupDn("analysts");
    private static final String CONTRACTORS = "ou=contractors," + TestDirectory.PEOPLE;
    private static final String PARTNERS = "ou=partners," + TestDirectory.PEOPLE;

    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    /** Proxy over a fresh directory; users found by {@code mail} when {@code byMail}, roles named by uid. */
    private void start(boolean byMail, String... roles) throws Exception {
        dropRoles(roles);
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            var directory = d.directory().toBuilder().watch(WatchMode.POLL).pollInterval(Duration.ofMillis(200));
            if (byMail) {
                directory.userFilter("(&(objectClass=inetOrgPerson)(mail={user}))").usernameAttribute("uid");
            }
            return d.withDirectory(directory.build());
        });
        Eventually.within(Duration.ofSeconds(10), "the watcher connects",
                () -> proxy.engine().directory().watcherHealth().connected());
    }

    private void addAnalyst(String dn, String uid, String mail) throws Exception {
        ldap.server().add("dn: " + dn, "objectClass: inetOrgPerson", "objectClass: rolegateTestAccount",
                "uid: " + uid, "cn: " + uid, "sn: " + uid, "mail: " + mail, "userPassword: " + password(uid),
                "memberOf: " + ANALYSTS);
        if (!ldap.server().getEntry(ANALYSTS).hasAttributeValue("member", dn)) {
            ldap.server().modify(ANALYSTS, new Modification(ModificationType.ADD, "member", dn));
        }
    }

    private static String password(String uid) {
        return "pw-" + uid.length() + "-" + uid.codePoints().sum();
    }

    private static void dropRoles(String... roles) throws Exception {
        try (Connection su = TestPostgres.get().superuser(); Statement st = su.createStatement()) {
            for (String role : roles) {
                st.execute("DROP ROLE IF EXISTS \"" + role + "\"");
            }
        }
    }

    private static void asDba(String sql) throws Exception {
        try (Connection su = TestPostgres.get().superuser(); Statement st = su.createStatement()) {
            st.execute(sql);
        }
    }

    private static PSQLException refused(TestProxy proxy, String user, String password) {
        PSQLException[] caught = new PSQLException[1];
        assertThatThrownBy(() -> login(proxy, user, password).close()).as("login as " + user)
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    caught[0] = e;
                });
        return caught[0];
    }

    /** Whether a record saying {@code text} reaches the audit (written in the background) within 5 s. */
    private boolean audited(String text) throws InterruptedException {
        return Eventually.holdsWithin(Duration.ofSeconds(5), () -> proxy.engine().audit()
                .records(AuditQuery.all().type(AuditEventType.PROVISIONED)).stream()
                .anyMatch(r -> r.event().message() != null && r.event().message().contains(text)));
    }

    @Test
    void aDeletedAccountReCreatedUnderItsNameDoesNotGetTheOldRole() throws Exception {
        start(false, "id_rose", "id_rose_former");
        String dn = "uid=id_rose," + TestDirectory.PEOPLE;
        addAnalyst(dn, "id_rose", "rose@example.org");
        String oldRole;
        try (Connection c = login(proxy, "id_rose", password("id_rose"))) {
            assertThat(one(c, "select current_user")).isEqualTo("id_rose");
            oldRole = one(c, "select oid from pg_roles where rolname = current_user");
        }
        ldap.server().delete(dn);
        LiveSessions.assertRoleLocked(proxy, "id_rose");
        addAnalyst(dn, "id_rose", "rose.new@example.org"); // another person, same name, same DN, same password

        PSQLException e = refused(proxy, "id_rose", password("id_rose"));
        assertThat(e.getMessage()).contains("\"id_rose\"").contains("belongs to another directory entry")
                .contains("ALTER ROLE \"id_rose\" RENAME TO");
        assertThat(audited("refused: role id_rose is bound to " + dn)).as("the refusal is audited").isTrue();
        LiveSessions.assertRoleLocked(proxy, "id_rose");

        asDba("ALTER ROLE id_rose RENAME TO id_rose_former"); // the DBA's way out: the old role keeps its objects
        try (Connection c = login(proxy, "id_rose", password("id_rose"))) {
            assertThat(one(c, "select current_user")).isEqualTo("id_rose");
            assertThat(one(c, "select oid from pg_roles where rolname = current_user"))
                    .as("the new person has a new role, not the old one's").isNotEqualTo(oldRole);
            assertThat(one(c, "select oid from pg_roles where rolname = 'id_rose_former'")).isEqualTo(oldRole);
        }
        assertThat(audited("no longer belongs to " + dn)).isTrue();
    }

    @Test
    void aRenamedUidIsRefusedUntilTheDbaRenamesTheRoleToFollow() throws Exception {
        start(false, "id_sam", "id_samuel");
        String dn = "uid=id_sam," + TestDirectory.PEOPLE;
        addAnalyst(dn, "id_sam", "sam@example.org");
        try (Connection c = login(proxy, "id_sam", password("id_sam"))) {
            assertThat(one(c, "select current_user")).isEqualTo("id_sam");
        }
        ldap.server().modifyDN(dn, "uid=id_samuel", true);
        String renamed = "uid=id_samuel," + TestDirectory.PEOPLE; // the group follows, as referential integrity does
        ldap.server().modify(ANALYSTS, new Modification(ModificationType.DELETE, "member", dn),
                new Modification(ModificationType.ADD, "member", renamed));
        LiveSessions.assertRoleLocked(proxy, "id_sam");

        PSQLException e = refused(proxy, "id_samuel", password("id_sam"));
        assertThat(e.getMessage()).contains("owns the PostgreSQL role \"id_sam\"")
                .contains("ALTER ROLE \"id_sam\" RENAME TO \"id_samuel\"");

        asDba("ALTER ROLE id_sam RENAME TO id_samuel");
        try (Connection c = login(proxy, "id_samuel", password("id_sam"))) {
            assertThat(one(c, "select current_user")).isEqualTo("id_samuel");
            assertThat(DirectoryProxies.roles(c)).containsExactly("analyst_role", "readonly_role");
        }
    }

    @Test
    void twoEntriesFoldingToOneRoleNameAreRefusedNeverMerged() throws Exception {
        start(true, "id_kai");
        addAnalyst("uid=id_kai," + TestDirectory.PEOPLE, "id_kai", "kai@example.org");
        addAnalyst("uid=id_\u212Aai," + CONTRACTORS, "id_\u212Aai", "kelvin@example.org"); // U+212A KELVIN SIGN
        ldap.server().add("dn: " + PARTNERS, "objectClass: organizationalUnit", "ou: partners");
        addAnalyst("uid=ID_KAI," + PARTNERS, "ID_KAI", "shouting@example.org"); // the directory's DNs fold case
        try (Connection c = login(proxy, "kai@example.org", password("id_kai"))) {
            assertThat(one(c, "select current_user")).isEqualTo("id_kai");
        }
        for (String other : new String[] {"kelvin@example.org", "shouting@example.org"}) {
            String uid = other.startsWith("kelvin") ? "id_\u212Aai" : "ID_KAI";
            PSQLException e = refused(proxy, other, password(uid));
            assertThat(e.getMessage()).contains("\"id_kai\" belongs to another directory entry");
        }
        try (Connection c = login(proxy, "kai@example.org", password("id_kai"))) {
            assertThat(one(c, "select current_user")).as("the owner still logs in").isEqualTo("id_kai");
        }
    }
}
