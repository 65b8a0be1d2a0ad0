package io.rolegate.engine.auth.real;

import com.unboundid.ldap.sdk.LDAPConnection;
import io.rolegate.engine.testbed.SambaAd;
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
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.rolegate.engine.auth.real.RealDirectoryLogins.directoryMode;
import static io.rolegate.engine.auth.real.RealDirectoryLogins.login;
import static io.rolegate.engine.auth.real.RealDirectoryLogins.refused;
import static io.rolegate.engine.testbed.SambaAd.BASE;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static io.rolegate.engine.testbed.DirectoryProxies.roles;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Directory logins through the proxy against a real Active Directory (Samba 4 AD DC, flavour active-directory):
 * the login name is the sAMAccountName, the bind uses the entry's DN (a bare sAMAccountName does not bind),
 * nesting comes from the in-chain matching rule, and disabled and expired accounts are refused. User names carry
 * an {@code ad_} prefix: the test PostgreSQL is shared by the whole test JVM.
 */
class SambaAdLoginTest {
    private static final String PEOPLE = "OU=rg-login-people," + BASE;
    private static final String GROUPS = "OU=rg-login-groups," + BASE;
    /** ad_ann, ad_dis, ad_exp ∈ ad-team ∈ ad-dba; ad_ben ∈ ad-analysts ∈ ad-readers; ad_cy in no group. */
    private static final String DBA = group("ad-dba");
    private static final String TEAM = group("ad-team");
    private static final String ANALYSTS = group("ad-analysts");
    private static final String READERS = group("ad-readers");
    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping(DBA, Set.of("dba_role")),
            new Mapping(ANALYSTS, Set.of("analyst_role")),
            new Mapping(READERS, Set.of("readonly_role")));
    /** UF_NORMAL_ACCOUNT, and with UF_ACCOUNTDISABLE. */
    private static final int NORMAL = 512;
    private static final int DISABLED = 514;

    static SambaAd samba;
    static TestProxy proxy;
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        samba = SambaAd.provisionOrSkip();
        try (LDAPConnection admin = samba.admin()) {
            admin.add("dn: " + PEOPLE, "objectClass: organizationalUnit");
            admin.add("dn: " + GROUPS, "objectClass: organizationalUnit");
            addUser(admin, "ad_ann", NORMAL, null);
            addUser(admin, "ad_ben", NORMAL, null);
            addUser(admin, "ad_cy", NORMAL, null);
            addUser(admin, "ad_dis", DISABLED, null);
            addUser(admin, "ad_exp", NORMAL, Instant.now().minus(Duration.ofDays(1)));
            admin.add("dn: " + TEAM, "objectClass: group", "sAMAccountName: ad-team", "member: " + user("ad_ann"),
                    "member: " + user("ad_dis"), "member: " + user("ad_exp"));
            admin.add("dn: " + DBA, "objectClass: group", "sAMAccountName: ad-dba", "member: " + TEAM);
            admin.add("dn: " + ANALYSTS, "objectClass: group", "sAMAccountName: ad-analysts",
                    "member: " + user("ad_ben"));
            admin.add("dn: " + READERS, "objectClass: group", "sAMAccountName: ad-readers", "member: " + ANALYSTS);
        }
        proxy = TestProxy.start(dataDir, directoryMode(samba.settings(PEOPLE, GROUPS), MAPPINGS));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            if (samba != null) {
                samba.close();
            }
        }
    }

    @Test
    void aBareSamAccountNameDoesNotBindSoTheProxyMustBindAsTheEntry() throws Exception {
        // The fixture's premise (design.md): AD refuses a simple bind by bare sAMAccountName, accepts DN and UPN.
        try (LDAPConnection c = new LDAPConnection("127.0.0.1", 389)) {
            assertThat(bindWorks(c, "ad_ann", password("ad_ann"))).isFalse();
            assertThat(bindWorks(c, user("ad_ann"), password("ad_ann"))).isTrue();
            assertThat(bindWorks(c, "ad_ann@example.org", password("ad_ann"))).isTrue();
        }
    }

    @Test
    void aNestedMemberLogsInBySamAccountNameWithTheMappedRoles() throws Exception {
        try (Connection c = login(proxy, "ad_ann", password("ad_ann"))) {
            assertThat(one(c, "select current_user")).isEqualTo("ad_ann");
            assertThat(roles(c)).as("dba via ad-team, in-chain").containsExactly("dba_role");
            assertThat(one(c, "select pg_has_role('dba_role', 'member')")).isEqualTo("t");
        }
        try (Connection c = login(proxy, "ad_ben", password("ad_ben"))) {
            assertThat(one(c, "select current_user")).isEqualTo("ad_ben");
            assertThat(roles(c)).as("analysts directly, readers through analysts")
                    .containsExactly("analyst_role", "readonly_role");
        }
    }

    @Test
    void aWrongPasswordIs28P01() {
        refused(proxy, "ad_ben", "Not-" + password("ad_ben"), "28P01");
        refused(proxy, "ad_nobody", password("ad_ben"), "28P01");
    }

    @Test
    void aDisabledAccountIs28000() {
        PSQLException e = refused(proxy, "ad_dis", password("ad_dis"), "28000");
        assertThat(e.getMessage()).contains("ad_dis").containsIgnoringCase("disabled");
    }

    @Test
    void anExpiredAccountIs28000() {
        PSQLException e = refused(proxy, "ad_exp", password("ad_exp"), "28000");
        assertThat(e.getMessage()).contains("ad_exp").containsIgnoringCase("expired");
    }

    @Test
    void aUserInNoMappedGroupIs28000NamingThem() {
        PSQLException e = refused(proxy, "ad_cy", password("ad_cy"), "28000");
        assertThat(e.getMessage()).contains("ad_cy").contains("no directory group");
    }

    private static void addUser(LDAPConnection admin, String sam, int userAccountControl, Instant expires)
            throws Exception {
        String[] more = expires == null ? new String[0] : new String[] {"accountExpires: " + fileTime(expires)};
        SambaAd.addUser(admin, user(sam), sam, password(sam), userAccountControl, more);
    }

    private static boolean bindWorks(LDAPConnection c, String name, String password) {
        try {
            c.bind(name, password);
            return true;
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            assertThat(e.getResultCode().intValue()).as(e.getMessage()).isEqualTo(49);
            return false;
        }
    }

    /** Windows FILETIME: 100 ns ticks since 1601-01-01. */
    private static long fileTime(Instant at) {
        return (at.getEpochSecond() + 11_644_473_600L) * 10_000_000L + at.getNano() / 100;
    }

    private static String user(String sam) {
        return "CN=" + sam + "," + PEOPLE;
    }

    private static String group(String cn) {
        return "CN=" + cn + "," + GROUPS;
    }

    private static String password(String sam) {
        return "Rg-" + sam + "-Passw0rd!";
    }
}
