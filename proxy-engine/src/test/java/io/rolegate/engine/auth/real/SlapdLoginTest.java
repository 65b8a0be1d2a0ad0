package io.rolegate.engine.auth.real;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.RealServers;
import io.rolegate.engine.testbed.SlapdServer;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.rolegate.engine.auth.real.RealDirectoryLogins.directoryMode;
import static io.rolegate.engine.auth.real.RealDirectoryLogins.login;
import static io.rolegate.engine.auth.real.RealDirectoryLogins.refused;
import static io.rolegate.engine.testbed.SlapdServer.GROUPS;
import static io.rolegate.engine.testbed.SlapdServer.PEOPLE;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static io.rolegate.engine.testbed.DirectoryProxies.roles;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Directory logins through the proxy against a real OpenLDAP slapd (flavour openldap): memberOf kept by the
 * memberof overlay, nested groups, ppolicy's administrative lock, and the directory going away and coming back.
 * User names carry a {@code sl_} prefix: the test PostgreSQL is shared by the whole test JVM.
 */
class SlapdLoginTest {
    /** sl_ann ∈ sl-team ∈ sl-dba; sl_ben ∈ sl-analysts ∈ sl-readers; sl_cy ∈ sl-unmapped only. */
    private static final String DBA = group("sl-dba");
    private static final String TEAM = group("sl-team");
    private static final String ANALYSTS = group("sl-analysts");
    private static final String READERS = group("sl-readers");
    private static final String UNMAPPED = group("sl-unmapped");
    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping(DBA, Set.of("dba_role")),
            new Mapping(ANALYSTS, Set.of("analyst_role")),
            new Mapping(READERS, Set.of("readonly_role")));

    static SlapdServer slapd;
    static TestProxy proxy;
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        RealServers.requireOrSkip(SlapdServer.installed(), "OpenLDAP slapd is not installed");
        slapd = SlapdServer.create();
        try (LDAPConnection admin = slapd.admin()) {
            for (String uid : List.of("sl_ann", "sl_ben", "sl_cy", "sl_dee", "sl_eve")) {
                admin.add("dn: " + user(uid), "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
                        "sn: " + uid, "userPassword: " + password(uid));
            }
            // Inner groups first: the overlay writes memberOf only onto entries that exist when the group is added.
            admin.add("dn: " + TEAM, "objectClass: groupOfNames", "cn: sl-team", "member: " + user("sl_ann"),
                    "member: " + user("sl_dee"));
            admin.add("dn: " + DBA, "objectClass: groupOfNames", "cn: sl-dba", "member: " + TEAM);
            admin.add("dn: " + ANALYSTS, "objectClass: groupOfNames", "cn: sl-analysts", "member: " + user("sl_ben"),
                    "member: " + user("sl_eve"));
            admin.add("dn: " + READERS, "objectClass: groupOfNames", "cn: sl-readers", "member: " + ANALYSTS);
            admin.add("dn: " + UNMAPPED, "objectClass: groupOfNames", "cn: sl-unmapped", "member: " + user("sl_cy"));
            // ppolicy's administrative lock: locked until an administrator removes the attribute.
            admin.modify(user("sl_dee"), new Modification(ModificationType.ADD, "pwdAccountLockedTime",
                    "000001010000Z"));
        }
        proxy = TestProxy.start(dataDir, directoryMode(slapd.settings(), MAPPINGS));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            if (slapd != null) {
                slapd.close();
            }
        }
    }

    @Test
    void theOverlayKeepsMemberOfSoTheFixtureReallyIsNested() throws Exception {
        try (LDAPConnection admin = slapd.admin()) {
            Entry ann = admin.getEntry(user("sl_ann"), "memberOf");
            Entry team = admin.getEntry(TEAM, "memberOf");
            assertThat(ann.getAttributeValues("memberOf")).as("ann is a direct member of the team only")
                    .containsExactly(TEAM);
            assertThat(team.getAttributeValues("memberOf")).containsExactly(DBA);
        }
    }

    @Test
    void aNestedMemberLandsAsTheirOwnRoleWithTheMappedRoles() throws Exception {
        try (Connection c = login(proxy, "sl_ann", password("sl_ann"))) {
            assertThat(one(c, "select current_user")).isEqualTo("sl_ann");
            assertThat(roles(c)).as("dba via sl-team").containsExactly("dba_role");
            assertThat(one(c, "select pg_has_role('dba_role', 'member')")).isEqualTo("t");
            assertThat(one(c, "select pg_has_role('analyst_role', 'member')")).isEqualTo("f");
        }
        try (Connection c = login(proxy, "sl_ben", password("sl_ben"))) {
            assertThat(one(c, "select current_user")).isEqualTo("sl_ben");
            assertThat(roles(c)).as("analysts directly, readers through analysts")
                    .containsExactly("analyst_role", "readonly_role");
        }
    }

    @Test
    void aWrongPasswordIs28P01() {
        refused(proxy, "sl_ben", "not-" + password("sl_ben"), "28P01");
        refused(proxy, "sl_nobody", "whatever", "28P01");
    }

    /**
     * ppolicy refuses a locked account's bind whatever the password, so the proxy cannot tell whether the caller
     * knows it: saying "locked" would tell a stranger the account exists. The right password and a wrong one get
     * the same 28P01; the proxy's log says the account is locked.
     */
    @Test
    void anAccountLockedByPpolicyLooksLikeAWrongPasswordToTheClient() {
        PSQLException right = refused(proxy, "sl_dee", password("sl_dee"), "28P01");
        PSQLException wrong = refused(proxy, "sl_dee", "not-" + password("sl_dee"), "28P01");
        assertThat(right.getMessage()).doesNotContainIgnoringCase("locked").isEqualTo(wrong.getMessage());
    }

    @Test
    void aUserInNoMappedGroupIs28000NamingThem() {
        PSQLException e = refused(proxy, "sl_cy", password("sl_cy"), "28000");
        assertThat(e.getMessage()).contains("sl_cy").contains("no directory group");
    }

    @Test
    void aStoppedSlapdFailsClosedWith08006AndLoginsResumeWhenItIsBack() throws Exception {
        // Warm the service account's pool first: the pooled connections must notice the server went away.
        try (Connection c = login(proxy, "sl_ben", password("sl_ben"))) {
            assertThat(one(c, "select current_user")).isEqualTo("sl_ben");
        }
        slapd.stop();
        try {
            long started = System.nanoTime();
            // sl_eve has never logged in, so no cached decision can answer for the directory.
            PSQLException e = refused(proxy, "sl_eve", password("sl_eve"), "08006");
            assertThat(e.getMessage()).containsIgnoringCase("directory");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast, not after a hang")
                    .isLessThan(Duration.ofSeconds(15));
        } finally {
            slapd.start();
        }
        try (Connection c = login(proxy, "sl_eve", password("sl_eve"))) {
            assertThat(one(c, "select current_user")).isEqualTo("sl_eve");
            assertThat(roles(c)).containsExactly("analyst_role", "readonly_role");
        }
    }

    private static String user(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    private static String group(String cn) {
        return "cn=" + cn + "," + GROUPS;
    }

    private static String password(String uid) {
        return uid + "-Directory-pw";
    }
}
