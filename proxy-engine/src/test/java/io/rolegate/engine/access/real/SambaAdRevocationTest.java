package io.rolegate.engine.access.real;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.SambaAd;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.rolegate.engine.testbed.LiveSessions.revokeWhileRunning;
import static io.rolegate.engine.testbed.SambaAd.BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation end to end over a real Active Directory (Samba 4 AD DC, single process) with the change-notification
 * watcher: an account disabled (userAccountControl |= ACCOUNTDISABLE) and a user taken out of a nested group,
 * each while a pgjdbc session through the proxy runs queries. On AD a membership change notifies the group, not
 * the member, and the in-chain rule re-resolves the nesting. Reconciliation stays at its five-minute default, so
 * only the watcher can make these pass. Samba's LDAP port is fixed (389): one such test JVM at a time.
 */
class SambaAdRevocationTest {
    private static final String PEOPLE = "OU=rg-revoke-people," + BASE;
    private static final String GROUPS = "OU=rg-revoke-groups," + BASE;
    /** ad_rv_dis ∈ ad-rv-analysts; ad_rv_nest ∈ ad-rv-team ∈ ad-rv-dba; ad-rv-warm only takes warm-up writes. */
    private static final String DBA = group("ad-rv-dba");
    private static final String TEAM = group("ad-rv-team");
    private static final String ANALYSTS = group("ad-rv-analysts");
    private static final String WARM = group("ad-rv-warm");
    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping(DBA, Set.of("dba_role")),
            new Mapping(ANALYSTS, Set.of("analyst_role")));
    private static final int NORMAL_ACCOUNT = 0x200;
    private static final int ACCOUNTDISABLE = 0x2;

    private static SambaAd samba;
    @TempDir
    Path dataDir;
    private TestProxy proxy;

    @BeforeAll
    static void startSamba() throws Exception {
        samba = SambaAd.provisionOrSkip();
        try (LDAPConnection admin = samba.admin()) {
            admin.add("dn: " + PEOPLE, "objectClass: organizationalUnit");
            admin.add("dn: " + GROUPS, "objectClass: organizationalUnit");
            for (String sam : List.of("ad_rv_dis", "ad_rv_nest")) {
                SambaAd.addUser(admin, user(sam), sam, password(sam), NORMAL_ACCOUNT);
            }
            admin.add("dn: " + ANALYSTS, "objectClass: group", "sAMAccountName: ad-rv-analysts",
                    "member: " + user("ad_rv_dis"));
            admin.add("dn: " + TEAM, "objectClass: group", "sAMAccountName: ad-rv-team",
                    "member: " + user("ad_rv_nest"));
            admin.add("dn: " + DBA, "objectClass: group", "sAMAccountName: ad-rv-dba", "member: " + TEAM);
            admin.add("dn: " + WARM, "objectClass: group", "sAMAccountName: ad-rv-warm");
        }
    }

    @AfterAll
    static void stopSamba() throws Exception {
        if (samba != null) {
            samba.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        try (LDAPConnection admin = samba.admin()) {
            proxy = LiveSessions.startWatching(dataDir, samba.settings(PEOPLE, GROUPS), WatchMode.AD_NOTIFY, MAPPINGS,
                    () -> admin.modify(WARM, new Modification(ModificationType.REPLACE, "description",
                            "warm-up " + System.nanoTime())));
        }
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
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

    @Test
    void disablingAnAccountRevokesTheLiveSessionAndDirectLogins() throws Exception {
        revokeWhileRunning(proxy, "ad_rv_dis", password("ad_rv_dis"), () -> {
            try (LDAPConnection admin = samba.admin()) {
                int flags = admin.getEntry(user("ad_rv_dis"), "userAccountControl")
                        .getAttributeValueAsInteger("userAccountControl");
                assertThat(flags & ACCOUNTDISABLE).as("enabled before").isZero();
                admin.modify(user("ad_rv_dis"), new Modification(ModificationType.REPLACE, "userAccountControl",
                        Integer.toString(flags | ACCOUNTDISABLE)));
            }
        });
    }

    @Test
    void removingAUserFromANestedGroupRevokes() throws Exception {
        revokeWhileRunning(proxy, "ad_rv_nest", password("ad_rv_nest"), () -> {
            try (LDAPConnection admin = samba.admin()) {
                admin.modify(TEAM, new Modification(ModificationType.DELETE, "member", user("ad_rv_nest")));
            }
        });
    }
}
