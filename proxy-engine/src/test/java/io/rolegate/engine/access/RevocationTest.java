package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Revocation end to end with the poll watcher over the directory's changelog: a change in the directory ends the
 * user's live session with 57P01 while it runs queries, locks the role, and stops a direct login too.
 */
class RevocationTest {
    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        proxy = LiveSessions.startPolling(dataDir, ldap, c -> c);
        assertThat(proxy.engine().directory().watcherHealth().mode()).isEqualTo(WatchMode.POLL);
        Eventually.passes(Duration.ofSeconds(10), () -> assertThat(proxy.engine().audit().records(
                io.rolegate.engine.api.model.AuditQuery.all()
                        .type(io.rolegate.engine.api.model.AuditEventType.WATCHER_HEALTH)))
                .as("the watcher's health is in the audit").isNotEmpty());
    }

    @AfterEach
    void stop() {
        proxy.close();
        ldap.close();
    }

    private void assertRevoked(String user, CompletableFuture<PSQLException> loop) throws Exception {
        LiveSessions.assertEndedByRevocation(loop);
        // the proxied session hears 57P01 first, then the role is locked (see Reevaluation): wait, bounded
        LiveSessions.assertRoleLocked(proxy, user);
        assertThatThrownBy(() -> DirectoryProxies.login(proxy, user, TestDirectory.password(user)).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
    }

    @Test
    void removingANestedGroupFromItsParentRevokesALiveSession() throws Exception {
        try (Connection alice = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"))) {
            CompletableFuture<PSQLException> loop = LiveSessions.queryLoop(alice);
            ldap.server().modify(TestDirectory.groupDn("dba"), new Modification(ModificationType.DELETE, "member",
                    TestDirectory.groupDn("data-team")));
            assertRevoked("alice", loop);
        }
    }

    @Test
    void lockingAnAccountRevokesALiveSessionAndADirectLogin() throws Exception {
        try (Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"));
             Connection su = TestPostgres.get().superuser()) {
            CompletableFuture<PSQLException> loop = LiveSessions.queryLoop(bob);
            ldap.server().modify(TestDirectory.userDn("bob"), new Modification(ModificationType.ADD,
                    "pwdAccountLockedTime", "000001010000Z"));
            assertRevoked("bob", loop);
            Eventually.within(java.time.Duration.ofSeconds(5), "no backend of bob's role is left", () -> {
                try {
                    return "0".equals(DirectoryProxies.one(su,
                            "select count(*) from pg_stat_activity where usename = 'bob'"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void deletingAUserRevokesTheirSession() throws Exception {
        try (Connection kim = DirectoryProxies.login(proxy, "kim", TestDirectory.password("kim"))) {
            CompletableFuture<PSQLException> loop = LiveSessions.queryLoop(kim);
            ldap.server().delete(TestDirectory.userDn("kim"));
            LiveSessions.assertEndedByRevocation(loop);
        }
    }
}
