package io.rolegate.engine.auth.identity;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static io.rolegate.engine.testbed.DirectoryProxies.login;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 1, attacked through the proxy (real PostgreSQL, UnboundID's directory over TCP, the poll watcher):
 * the name a client types is only a way to find a directory entry. A user who logged in as {@code ALICE} and was
 * then locked must not get back in under that spelling or any other — not from the login cache, not from the
 * outage grace — and the per-user session limit counts the entry's sessions, not one spelling's.
 *
 * <p>On the code before this change each test got in: the cache and the grace were keyed by the typed string, the
 * watcher's revocation forgot only {@code alice}, and the session limit counted {@code startup.user}.
 */
class TypedNameIsNotIdentityTest {
    private static final List<String> SPELLINGS = List.of("ALICE", "Alice", "aLiCe", "alice");
    private static final String PASSWORD = TestDirectory.password("alice");

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

    private void start(Duration cacheTtl, Duration outageGrace, int maxSessionsPerUser) throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            d = d.withAccess(d.access().withPolicies(d.access().policies().withMaxSessionsPerUser(maxSessionsPerUser)));
            return d.withDirectory(d.directory().toBuilder().watch(WatchMode.POLL).pollInterval(Duration.ofMillis(200))
                    .cacheTtl(cacheTtl).outageGrace(outageGrace).build());
        });
        Eventually.within(Duration.ofSeconds(10), "the watcher connects",
                () -> proxy.engine().directory().watcherHealth().connected());
    }

    private void lockAlice() throws Exception {
        ldap.server().modify(TestDirectory.userDn("alice"), new Modification(ModificationType.ADD,
                "pwdAccountLockedTime", "000001010000Z"));
        LiveSessions.assertRoleLocked(proxy, "alice");
    }

    private static String loginState(TestProxy proxy, String user) {
        try (Connection c = login(proxy, user, PASSWORD)) {
            return "in as " + one(c, "select current_user");
        } catch (PSQLException e) {
            return e.getSQLState();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLockedUserCannotComeBackFromTheLoginCacheUnderAnySpelling() throws Exception {
        start(Duration.ofMinutes(10), Duration.ZERO, 0);
        for (String spelling : SPELLINGS) {
            try (Connection c = login(proxy, spelling, PASSWORD)) {
                assertThat(one(c, "select current_user")).as("every spelling is the one entry's role")
                        .isEqualTo("alice");
            }
            try (Connection c = login(proxy, spelling, PASSWORD)) { // a second time: answered from the cache
                assertThat(one(c, "select current_user")).isEqualTo("alice");
            }
        }
        var admitted = proxy.engine().audit().records(io.rolegate.engine.api.model.AuditQuery.all()
                .type(io.rolegate.engine.api.model.AuditEventType.AUTH_SUCCEEDED).user("alice"));
        assertThat(admitted).as("the audit names the entry's role, whatever was typed")
                .hasSize(2 * SPELLINGS.size())
                .anySatisfy(r -> assertThat(r.event().details()).contains("\"login_name\":\"ALICE\""));
        lockAlice();
        for (String spelling : SPELLINGS) {
            assertThat(loginState(proxy, spelling)).as("login as " + spelling + " after the lock").isEqualTo("28000");
        }
        LiveSessions.assertRoleLocked(proxy, "alice");
    }

    @Test
    void aLockedUserCannotComeBackOnTheOutageGraceUnderAnotherSpelling() throws Exception {
        start(Duration.ZERO, Duration.ofHours(1), 0);
        try (Connection c = login(proxy, "ALICE", PASSWORD)) {
            assertThat(one(c, "select current_user")).isEqualTo("alice");
        }
        lockAlice();
        ldap.close(); // the directory goes down after the lock was seen
        for (String spelling : SPELLINGS) {
            assertThatThrownBy(() -> login(proxy, spelling, PASSWORD).close()).as("login as " + spelling)
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08006");
                        assertThat(e.getMessage()).contains("directory unavailable");
                    });
        }
        LiveSessions.assertRoleLocked(proxy, "alice");
    }

    @Test
    void theSessionLimitCountsTheEntryNotTheSpelling() throws Exception {
        start(Duration.ofMinutes(10), Duration.ZERO, 1);
        try (Connection first = login(proxy, "alice", PASSWORD)) {
            assertThat(one(first, "select current_user")).isEqualTo("alice");
            for (String spelling : List.of("ALICE", "Alice")) {
                assertThatThrownBy(() -> login(proxy, spelling, PASSWORD).close()).as("second session as " + spelling)
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("53300");
                            assertThat(e.getMessage()).contains("already has 1 session");
                        });
            }
        }
        Eventually.within(Duration.ofSeconds(5), "the first session is gone",
                () -> proxy.engine().sessions().isEmpty());
        try (Connection again = login(proxy, "ALICE", PASSWORD)) {
            assertThat(one(again, "select current_user")).isEqualTo("alice");
        }
    }
}
