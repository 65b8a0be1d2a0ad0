package io.rolegate.engine.auth;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.access.MembershipIndex;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.policy.RequestContext;
import io.rolegate.engine.provisioning.AdminDatabase;
import io.rolegate.engine.provisioning.ManagedSecrets;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login moments after a group was written reads that group's member list instead of the user's memberOf, which
 * OpenLDAP's memberof overlay updates only after the group's write is announced. The fixture's ivan carries a
 * memberOf for cn=analysts that the group does not list: exactly what a login sees in that gap after a removal.
 */
class JustChangedGroupLoginTest {
    static TestDirectory ldap;
    static Directory directory;
    static AdminDatabase admin;
    static final DN ANALYSTS = dn(TestDirectory.groupDn("analysts"));

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        directory = Directory.open(ldap.settings().cacheTtl(Duration.ZERO).build());
        TestPostgres pg = TestPostgres.get();
        admin = new AdminDatabase("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?sslmode=disable",
                TestPostgres.ADMIN_USER, TestPostgres.PASSWORD, "test admin");
    }

    @AfterAll
    static void stop() {
        admin.close();
        directory.close();
        ldap.close();
    }

    private static DN dn(String s) {
        try {
            return new DN(s);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean inAnalysts(AuthResult r) {
        return ((AuthResult.Authenticated) r).user().groups().stream().anyMatch(g -> g.dn().equals(ANALYSTS));
    }

    @Test
    void theDirectoryReadsAJustChangedGroupsMembersInsteadOfMemberOf() {
        char[] pw = TestDirectory.password("ivan").toCharArray();
        assertThat(inAnalysts(directory.authenticate("ivan", pw))).as("memberOf alone says analysts").isTrue();
        assertThat(inAnalysts(directory.authenticate("ivan", pw, Set.of(ANALYSTS))))
                .as("the group itself does not list ivan").isFalse();
        assertThat(inAnalysts(directory.authenticate("bob", TestDirectory.password("bob").toCharArray(),
                Set.of(ANALYSTS)))).as("bob, whom it lists, stays").isTrue();
    }

    @Test
    void aLoginRightAfterTheGroupWasWrittenDoesNotGetItBack() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        MembershipIndex memberships = new MembershipIndex();
        DirectoryLogin login = new DirectoryLogin(directory,
                () -> new AccessConfig(DirectoryProxies.MAPPINGS, PolicyRules.none()),
                new RoleProvisioner(admin, new ManagedSecrets(key)), Clock.systemUTC(), memberships::record,
                memberships::recentlyChanged);
        RequestContext ivan = new RequestContext("ivan", TestPostgres.DATABASE, InetAddress.getLoopbackAddress(),
                "test", Instant.now(), 0);
        assertThat(login.login(ivan, TestDirectory.password("ivan").toCharArray()))
                .as("before any change is reported, memberOf decides").isInstanceOf(LoginOutcome.Granted.class);
        memberships.changed(ANALYSTS); // as the watcher reports the group's write
        assertThat(memberships.recentlyChanged()).containsExactly(ANALYSTS);
        assertThat(login.login(ivan, TestDirectory.password("ivan").toCharArray()))
                .isInstanceOfSatisfying(LoginOutcome.Refused.class, r -> assertThat(r.sqlState()).isEqualTo("28000"));
    }
}
