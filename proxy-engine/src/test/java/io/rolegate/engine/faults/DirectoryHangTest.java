package io.rolegate.engine.faults;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.RealServers;
import io.rolegate.engine.testbed.SlapdServer;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.rolegate.engine.testbed.SlapdServer.GROUPS;
import static io.rolegate.engine.testbed.SlapdServer.PEOPLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory that stops answering: slapd frozen with SIGSTOP, so connections are accepted into the kernel's backlog
 * and bytes acknowledged, but nothing comes back. Logins that need the directory fail with 08006 naming the
 * directory within the LDAP response timeout (not the 15 s startup timeout); open sessions keep relaying; a login
 * the cache can answer still works; the syncrepl watcher notices the silence, reconnects after SIGCONT and replays,
 * from its cookie, a group removal made before it was back.
 */
@Tag("faults")
class DirectoryHangTest {
    static final String ANALYSTS = "cn=analysts," + GROUPS;
    static final String READERS = "cn=readers," + GROUPS;
    static final String FILLER = "cn=rolegate,ou=service," + SlapdServer.BASE;
    static final List<Mapping> MAPPINGS = List.of(new Mapping(ANALYSTS, Set.of("analyst_role")));
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    private static final List<String> USERS = List.of("hgopen", "hgnew", "hgcached", "hggone");

    private static SlapdServer slapd;
    @TempDir
    Path dataDir;
    private TestProxy proxy;

    @BeforeAll
    static void startSlapd() throws Exception {
        slapd = startWithUsers(USERS);
    }

    /** slapd with {@code uids} as members of analysts (mapped to analyst_role), and an unmapped readers group. */
    static SlapdServer startWithUsers(List<String> uids) throws Exception {
        RealServers.requireOrSkip(SlapdServer.installed(), "slapd is not installed (apt-get install slapd)");
        SlapdServer server = SlapdServer.create();
        try (LDAPConnection admin = server.admin()) {
            for (String uid : uids) {
                admin.add("dn: " + dn(uid), "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
                        "sn: " + uid, "userPassword: " + password(uid));
            }
            List<String> analysts = new java.util.ArrayList<>(List.of("dn: " + ANALYSTS, "objectClass: groupOfNames",
                    "cn: analysts", "member: " + FILLER));
            uids.forEach(uid -> analysts.add("member: " + dn(uid)));
            admin.add(analysts.toArray(String[]::new));
            admin.add("dn: " + READERS, "objectClass: groupOfNames", "cn: readers", "member: " + FILLER);
        }
        return server;
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = startProxy(slapd, dataDir);
    }

    /** A proxy with the syncrepl watcher and a 2 s LDAP response timeout, once its watcher persists. */
    static TestProxy startProxy(SlapdServer server, Path dataDir) throws Exception {
        return startProxy(server, dataDir, server.settings().cacheTtl());
    }

    /** As {@link #startProxy(SlapdServer, Path)}; {@code cacheTtl} zero makes every login ask the directory. */
    static TestProxy startProxy(SlapdServer server, Path dataDir, Duration cacheTtl) throws Exception {
        try (LDAPConnection admin = server.admin()) {
            return LiveSessions.startWatching(dataDir, server.settings().toBuilder().cacheTtl(cacheTtl)
                            .responseTimeout(RESPONSE_TIMEOUT).poolSize(2).build(), WatchMode.SYNCREPL, MAPPINGS,
                    () -> warmUp(admin));
        }
    }

    static void warmUp(LDAPConnection admin) throws Exception {
        admin.modify(READERS, new Modification(ModificationType.REPLACE, "description", "warm-up " + System.nanoTime()));
    }

    @AfterEach
    void stopProxy() throws Exception {
        slapd.resume();
        if (proxy != null) {
            proxy.close();
        }
    }

    static String dn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    static String password(String uid) {
        return uid + "-Pw1";
    }

    @Test
    void aHungDirectoryRefusesNewLoginsClearlyWhileOpenSessionsAndCachedLoginsCarryOn() throws Exception {
        try (Connection open = DirectoryProxies.login(proxy, "hgopen", password("hgopen"))) {
            DirectoryProxies.login(proxy, "hgcached", password("hgcached")).close(); // the login cache keeps it 1 min
            slapd.pause();
            long began = System.nanoTime();
            CompletableFuture<SQLException> refused = CompletableFuture.supplyAsync(() -> {
                try (Connection c = DirectoryProxies.login(proxy, "hgnew", password("hgnew"))) {
                    return null;
                } catch (Exception e) {
                    return e instanceof SQLException sql ? sql : new SQLException(e);
                }
            });
            int relayed = 0;
            while (!refused.isDone()) {
                // the login waits on a login worker, never on the event loop this session shares
                assertThat(DirectoryProxies.one(open, "select 41 + 1")).isEqualTo("42");
                relayed++;
            }
            SQLException error = refused.get(30, TimeUnit.SECONDS);
            long waitedMillis = (System.nanoTime() - began) / 1_000_000;
            assertThat((Object) error).as("a login needing the hung directory is refused").isNotNull();
            assertThat(error.getSQLState()).isEqualTo("08006");
            assertThat(error.getMessage()).contains("directory did not answer")
                    .doesNotContain("startup did not finish");
            System.out.printf("hung directory: login refused after %d ms (responseTimeout %d ms); %d queries relayed"
                    + " meanwhile on an open session%n", waitedMillis, RESPONSE_TIMEOUT.toMillis(), relayed);
            assertThat(relayed).as("queries relayed on the open session while the login waited").isPositive();

            try (Connection cached = DirectoryProxies.login(proxy, "hgcached", password("hgcached"))) {
                assertThat(DirectoryProxies.one(cached, "select current_user")).isEqualTo("hgcached");
            }
            slapd.resume();
            Eventually.within(Duration.ofSeconds(20), "logins work again once slapd runs on", () -> {
                try (Connection c = DirectoryProxies.login(proxy, "hgnew", password("hgnew"))) {
                    return "hgnew".equals(DirectoryProxies.one(c, "select current_user"));
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("08006");
                    return false;
                }
            });
            assertThat(DirectoryProxies.one(open, "select current_user")).isEqualTo("hgopen");
        }
    }

    /**
     * The watcher's connection stays open under SIGSTOP (the kernel still acknowledges), so only its liveness check
     * can tell it is hung. The removal is written the moment slapd runs again, normally before the watcher's
     * backoff lets it reconnect, so syncrepl replays it from the cookie; either way it must revoke.
     */
    @Test
    void aGroupRemovalMadeWhileTheWatcherWasAwayRevokesOnceItIsBack() throws Exception {
        boolean[] connectedAtWrite = new boolean[1];
        LiveSessions.revokeWhileRunning(proxy, "hggone", password("hggone"), () -> {
            slapd.pause();
            Eventually.within(Duration.ofSeconds(15), "the watcher notices the directory does not answer",
                    () -> !proxy.engine().directory().watcherHealth().connected());
            assertThat(proxy.engine().directory().watcherHealth().lastError()).contains("did not answer");
            slapd.resume();
            try (LDAPConnection admin = slapd.admin()) {
                connectedAtWrite[0] = proxy.engine().directory().watcherHealth().connected();
                admin.modify(ANALYSTS, new Modification(ModificationType.DELETE, "member", dn("hggone")));
            }
        });
        System.out.println("syncrepl revocation across SIGSTOP/SIGCONT: removal written while the watcher was "
                + (connectedAtWrite[0] ? "already back" : "away (replayed from the cookie)"));
    }
}
