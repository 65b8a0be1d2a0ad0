package io.rolegate.engine.access.real;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.RealServers;
import io.rolegate.engine.testbed.SlapdServer;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.rolegate.engine.testbed.SlapdServer.GROUPS;
import static io.rolegate.engine.testbed.SlapdServer.PEOPLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation end to end over a real OpenLDAP slapd (syncprov, memberof, ppolicy) with the syncrepl watcher: each
 * directory change happens while a pgjdbc session through the proxy runs queries. Reconciliation is left at its
 * five-minute default, so only the watcher can make these tests pass.
 */
class SyncReplRevocationTest {
    /** dba ← data-team ← srnested; analysts ← srlock, srmember, srdelete, srtwo, srgap; readers ← srtwo. */
    private static final String DBA = "cn=dba," + GROUPS;
    private static final String DATA_TEAM = "cn=data-team," + GROUPS;
    private static final String ANALYSTS = "cn=analysts," + GROUPS;
    private static final String READERS = "cn=readers," + GROUPS;
    /** groupOfNames needs a member; this one keeps a group valid when the test removes its last real member. */
    private static final String FILLER = "cn=rolegate,ou=service," + SlapdServer.BASE;
    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping(DBA, Set.of("dba_role")),
            new Mapping(ANALYSTS, Set.of("analyst_role")),
            new Mapping(READERS, Set.of("readonly_role")));

    private static SlapdServer slapd;
    @TempDir
    Path dataDir;
    private TestProxy proxy;

    @BeforeAll
    static void startSlapd() throws Exception {
        RealServers.requireOrSkip(SlapdServer.installed(), "slapd is not installed (apt-get install slapd)");
        slapd = SlapdServer.create();
        try (LDAPConnection admin = slapd.admin()) {
            for (String uid : List.of("srnested", "srlock", "srmember", "srdelete", "srtwo", "srgap")) {
                admin.add("dn: " + dn(uid), "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
                        "sn: " + uid, "userPassword: " + password(uid));
            }
            admin.add("dn: " + DATA_TEAM, "objectClass: groupOfNames", "cn: data-team", "member: " + dn("srnested"));
            admin.add("dn: " + DBA, "objectClass: groupOfNames", "cn: dba", "member: " + DATA_TEAM,
                    "member: " + FILLER);
            admin.add("dn: " + ANALYSTS, "objectClass: groupOfNames", "cn: analysts", "member: " + FILLER,
                    "member: " + dn("srlock"), "member: " + dn("srmember"), "member: " + dn("srdelete"),
                    "member: " + dn("srtwo"), "member: " + dn("srgap"));
            admin.add("dn: " + READERS, "objectClass: groupOfNames", "cn: readers", "member: " + FILLER,
                    "member: " + dn("srtwo"));
        }
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        try (LDAPConnection admin = slapd.admin()) {
            // A change to a group (watched base, no user affected) proves the initial refresh is over.
            proxy = LiveSessions.startWatching(dataDir, slapd.settings(), WatchMode.SYNCREPL, MAPPINGS,
                    () -> admin.modify(READERS, new Modification(ModificationType.REPLACE, "description",
                            "warm-up " + System.nanoTime())));
        }
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String dn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    private static String password(String uid) {
        return uid + "-Pw1";
    }

    private void revokeWhileRunning(String uid, LdapChange change) throws Exception {
        LiveSessions.revokeWhileRunning(proxy, uid, password(uid), () -> {
            try (LDAPConnection admin = slapd.admin()) {
                change.apply(admin);
            }
        });
    }

    @FunctionalInterface
    private interface LdapChange {
        void apply(LDAPConnection admin) throws Exception;
    }

    @Test
    void lockingAnAccountWithPpolicyRevokesTheLiveSessionAndDirectLogins() throws Exception {
        revokeWhileRunning("srlock", admin -> admin.modify(dn("srlock"), new Modification(ModificationType.REPLACE,
                "pwdAccountLockedTime", "000001010000Z")));
    }

    @Test
    void removingAUserFromTheirOnlyMappedGroupRevokes() throws Exception {
        revokeWhileRunning("srmember", admin -> admin.modify(ANALYSTS, new Modification(ModificationType.DELETE,
                "member", dn("srmember"))));
    }

    @Test
    void removingANestedGroupFromItsMappedParentRevokes() throws Exception {
        revokeWhileRunning("srnested", admin -> admin.modify(DBA, new Modification(ModificationType.DELETE,
                "member", DATA_TEAM)));
    }

    @Test
    void deletingAUserRevokes() throws Exception {
        revokeWhileRunning("srdelete", admin -> admin.delete(dn("srdelete")));
    }

    /**
     * slapd restarts under a live session; the lock is written as soon as slapd listens again, normally before
     * the watcher's backoff lets it reconnect, so syncrepl must replay it from its cookie. Either way the
     * revocation must happen without waiting for the five-minute reconciliation.
     */
    @Test
    void aLockWrittenWhileTheWatcherReconnectsIsEnforcedWhenItIsBack() throws Exception {
        boolean[] connectedAtWrite = new boolean[1];
        LiveSessions.revokeWhileRunning(proxy, "srgap", password("srgap"), () -> {
            slapd.stop();
            Eventually.within(Duration.ofSeconds(10), "the watcher notices slapd is gone",
                    () -> !proxy.engine().directory().watcherHealth().connected());
            slapd.start();
            try (LDAPConnection admin = slapd.admin()) {
                connectedAtWrite[0] = proxy.engine().directory().watcherHealth().connected();
                admin.modify(dn("srgap"), new Modification(ModificationType.REPLACE, "pwdAccountLockedTime",
                        "000001010000Z"));
            }
        });
        assertThat(proxy.engine().directory().watcherHealth().connected()).isTrue();
        System.out.println("syncrepl revocation across a slapd restart: lock written while the watcher was "
                + (connectedAtWrite[0] ? "already back (persist phase)" : "away (replayed from the cookie)"));
    }

    /**
     * Losing one of two groups ends the live session (57P01 naming the lost role: it may have run SET ROLE to it,
     * issue 13 item 2); the login role keeps LOGIN and the next login carries on with the role left.
     */
    @Test
    void losingOneOfTwoGroupsEndsTheSessionNamingTheRoleAndTheNextLoginKeepsTheOther() throws Exception {
        try (Connection session = DirectoryProxies.login(proxy, "srtwo", password("srtwo"))) {
            assertThat(DirectoryProxies.roles(session)).containsExactlyInAnyOrder("analyst_role", "readonly_role");
            try (LDAPConnection admin = slapd.admin()) {
                admin.modify(READERS, new Modification(ModificationType.DELETE, "member", dn("srtwo")));
            }
            java.sql.SQLException[] ended = new java.sql.SQLException[1];
            Eventually.within(Duration.ofSeconds(5), "the live session ends", () -> {
                try {
                    DirectoryProxies.one(session, "select 1");
                    return false;
                } catch (java.sql.SQLException e) {
                    ended[0] = e;
                    return true;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(ended[0].getSQLState()).isEqualTo("57P01");
            assertThat(ended[0].getMessage()).contains("readonly_role");
        }
        assertThat(proxy.engine().directory().upstreamRoles()).anyMatch(r -> r.name().equals("srtwo") && r.canLogin());
        try (Connection again = DirectoryProxies.login(proxy, "srtwo", password("srtwo"))) {
            assertThat(DirectoryProxies.roles(again)).containsExactly("analyst_role");
            assertThat(DirectoryProxies.one(again, "select pg_has_role('readonly_role', 'member')")).isEqualTo("f");
        }
    }
}
