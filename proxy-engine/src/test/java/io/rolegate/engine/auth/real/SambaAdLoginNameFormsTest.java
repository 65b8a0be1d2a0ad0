package io.rolegate.engine.auth.real;

import com.unboundid.ldap.sdk.LDAPConnection;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.LoginNameForm;
import io.rolegate.engine.api.model.Secret;
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
 * Issue 13 item 1 against a real Active Directory (Samba 4 AD DC): a user logs in by sAMAccountName, user principal
 * name or down-level name and always lands on the one role of their entry; which forms are accepted is
 * {@code directory.loginNames}; the service account is configured as AD admins write it, by UPN or down-level
 * name. On the code before this change {@code ad_una@example.org} was refused as a wrong password (28P01) and a
 * {@code bindDn} of {@code ad_svc@example.org} did not pass the settings' "not a DN" check.
 */
class SambaAdLoginNameFormsTest {
    private static final String PEOPLE = "OU=rg-names-people," + BASE;
    private static final String GROUPS = "OU=rg-names-groups," + BASE;
    private static final String ANALYSTS = "CN=ad-names-analysts," + GROUPS;
    private static final List<Mapping> MAPPINGS = List.of(new Mapping(ANALYSTS, Set.of("analyst_role")));
    private static final String UNA = "Rg-ad_una-Passw0rd!";
    private static final String SVC = "Rg-ad_svc-Passw0rd!";

    static SambaAd samba;
    static TestProxy proxy;
    @TempDir
    static Path dataDir;

    /** The service account bound by UPN (the class's proxy) or by {@code EXAMPLE\ad_svc}. */
    private static DirectorySettings.Builder settings(String bindName) {
        return samba.settings(PEOPLE, GROUPS).toBuilder().bind(bindName, Secret.of(SVC));
    }

    @BeforeAll
    static void start() throws Exception {
        samba = SambaAd.provisionOrSkip();
        try (LDAPConnection admin = samba.admin()) {
            admin.add("dn: " + PEOPLE, "objectClass: organizationalUnit");
            admin.add("dn: " + GROUPS, "objectClass: organizationalUnit");
            SambaAd.addUser(admin, "CN=ad_una," + PEOPLE, "ad_una", UNA, 512);
            SambaAd.addUser(admin, "CN=ad_svc," + PEOPLE, "ad_svc", SVC, 512);
            admin.add("dn: " + ANALYSTS, "objectClass: group", "sAMAccountName: ad-names-analysts",
                    "member: CN=ad_una," + PEOPLE);
        }
        proxy = TestProxy.start(dataDir, directoryMode(settings("ad_svc@example.org").build(), MAPPINGS));
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
    void everyFormOfTheNameLandsOnTheEntrysOneRole() throws Exception {
        for (String name : List.of("ad_una", "ad_una@example.org", "AD_UNA@EXAMPLE.ORG", "EXAMPLE\\ad_una",
                "example\\AD_UNA")) {
            try (Connection c = login(proxy, name, UNA)) {
                assertThat(one(c, "select current_user")).as("logged in as " + name).isEqualTo("ad_una");
                assertThat(roles(c)).containsExactly("analyst_role");
            }
        }
    }

    @Test
    void aWrongPasswordIsStill28P01InEveryForm() {
        for (String name : List.of("ad_una", "ad_una@example.org", "EXAMPLE\\ad_una")) {
            refused(proxy, name, "Not-" + UNA, "28P01");
        }
    }

    @Test
    void anotherDomainIsRefusedNamingThisOne() {
        PSQLException e = refused(proxy, "OTHER\\ad_una", UNA, "28000");
        assertThat(e.getMessage()).contains("not a user of the domain EXAMPLE");
    }

    @Test
    void formsNotAcceptedAreRefusedSayingWhichAre(@TempDir Path otherDir) throws Exception {
        try (TestProxy accountOnly = TestProxy.start(otherDir, directoryMode(settings("EXAMPLE\\ad_svc")
                .loginNames(Set.of(LoginNameForm.ACCOUNT)).build(), MAPPINGS))) {
            try (Connection c = login(accountOnly, "ad_una", UNA)) {
                assertThat(one(c, "select current_user")).as("the service account bound by down-level name")
                        .isEqualTo("ad_una");
            }
            PSQLException upn = refused(accountOnly, "ad_una@example.org", UNA, "28000");
            assertThat(upn.getMessage()).contains("name@domain are not accepted here")
                    .contains("directory.loginNames");
            PSQLException downLevel = refused(accountOnly, "EXAMPLE\\ad_una", UNA, "28000");
            assertThat(downLevel.getMessage()).contains("DOMAIN\\name are not accepted here");
        }
    }
}
