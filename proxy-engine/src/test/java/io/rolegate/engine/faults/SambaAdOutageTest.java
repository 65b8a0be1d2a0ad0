package io.rolegate.engine.faults;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.SambaAd;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.rolegate.engine.testbed.SambaAd.BASE;
import static io.rolegate.engine.testbed.SambaAd.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Active Directory side of a hung and a restarted directory (the syncrepl side is {@link DirectoryHangTest}):
 * a real Samba AD DC with the change-notification watcher. AD change notification cannot replay what it missed, so
 * after every reconnect the watcher reports a resync and every user Rolegate knows is decided again. Frozen with
 * SIGSTOP: the watcher's liveness check notices, a login needing the directory is refused with 08006, open sessions
 * relay on; a group removal written the moment Samba runs again revokes. Each case runs with both AD watchers:
 * change notification, and DirSync, whose cookie replays what changed while it was away. Stopped: the removal is written straight
 * into Samba's database files (samba-tool on sam.ldb) while no LDAP server runs, so no watcher can have been told
 * of it, and after the restart it revokes all the same. Samba's LDAP port is fixed (389): one such JVM at a time.
 */
@Tag("faults")
class SambaAdOutageTest {
    private static final String PEOPLE = "OU=rg-outage-people," + BASE;
    private static final String GROUPS = "OU=rg-outage-groups," + BASE;
    private static final String ANALYSTS_NAME = "ad-out-analysts";
    private static final String ANALYSTS = group(ANALYSTS_NAME);
    private static final String WARM = group("ad-out-warm");
    private static final List<Mapping> MAPPINGS = List.of(new Mapping(ANALYSTS, Set.of("analyst_role")));
    private static final List<String> USERS = List.of("ad_out_hang", "ad_out_stop", "ad_out_hang2",
            "ad_out_stop2", "ad_out_keep", "ad_out_new");
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    /** The query loop's limit: the outage, Samba's restart and the revocation all happen inside it. */
    private static final Duration OUTAGE_LIMIT = Duration.ofSeconds(60);
    private static final int NORMAL_ACCOUNT = 0x200;

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
            List<String> analysts = new java.util.ArrayList<>(List.of("dn: " + ANALYSTS, "objectClass: group",
                    "sAMAccountName: " + ANALYSTS_NAME));
            for (String sam : USERS) {
                SambaAd.addUser(admin, user(sam), sam, password(sam), NORMAL_ACCOUNT);
                analysts.add("member: " + user(sam));
            }
            admin.add(analysts.toArray(String[]::new));
            admin.add("dn: " + WARM, "objectClass: group", "sAMAccountName: ad-out-warm");
        }
    }

    @AfterAll
    static void stopSamba() throws Exception {
        if (samba != null) {
            samba.close();
        }
    }

    /** Both AD watchers: change notification (resync after a reconnect) and DirSync (its cookie replays). */
    private void startProxy(WatchMode mode) throws Exception {
        samba.start(); // a no-op unless a failed test left it stopped
        try (LDAPConnection admin = samba.admin()) {
            proxy = LiveSessions.startWatching(dataDir, samba.settings(PEOPLE, GROUPS).toBuilder()
                            .responseTimeout(RESPONSE_TIMEOUT).poolSize(2).build(), mode, MAPPINGS,
                    () -> admin.modify(WARM, new Modification(ModificationType.REPLACE, "description",
                            "warm-up " + System.nanoTime())));
        }
    }

    @AfterEach
    void stopProxy() throws Exception {
        samba.resumeIfRunning();
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String user(String sam) {
        return SambaAd.cn(sam, PEOPLE);
    }

    private static String group(String cn) {
        return SambaAd.cn(cn, GROUPS);
    }

    @ParameterizedTest
    @EnumSource(value = WatchMode.class, names = {"AD_NOTIFY", "DIRSYNC"})
    void aGroupRemovalWrittenAsAFrozenDomainControllerComesBackRevokes(WatchMode mode) throws Exception {
        String hung = mode == WatchMode.AD_NOTIFY ? "ad_out_hang" : "ad_out_hang2";
        startProxy(mode);
        try (Connection open = DirectoryProxies.login(proxy, "ad_out_keep", password("ad_out_keep"))) {
            LiveSessions.revokeWhileRunning(proxy, hung, password(hung), OUTAGE_LIMIT, () -> {
                samba.pause();
                CompletableFuture<SQLException> refused = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = DirectoryProxies.login(proxy, "ad_out_new", password("ad_out_new"))) {
                        return null;
                    } catch (Exception e) {
                        return e instanceof SQLException sql ? sql : new SQLException(e);
                    }
                });
                Eventually.within(Duration.ofSeconds(20), "the watcher notices Samba does not answer",
                        () -> !proxy.engine().directory().watcherHealth().connected());
                assertThat(proxy.engine().directory().watcherHealth().lastError()).contains("did not answer");
                assertThat(DirectoryProxies.one(open, "select 41 + 1")).as("an open session relays while the"
                        + " directory is frozen").isEqualTo("42");
                SQLException error = refused.get(30, TimeUnit.SECONDS);
                assertThat((Object) error).as("a login needing the frozen directory is refused").isNotNull();
                assertThat(error.getSQLState()).as(error.getMessage()).isEqualTo("08006");
                assertThat(error.getMessage()).contains("directory did not answer")
                        .doesNotContain("startup did not finish");
                samba.removeMemberInDatabase(ANALYSTS_NAME, hung);
                assertThat(proxy.engine().directory().watcherHealth().connected())
                        .as("the watcher is away while the removal is written").isFalse();
                samba.resume();
            });
            assertThat(DirectoryProxies.one(open, "select current_user")).isEqualTo("ad_out_keep");
        }
    }

    @ParameterizedTest
    @EnumSource(value = WatchMode.class, names = {"AD_NOTIFY", "DIRSYNC"})
    void aGroupRemovalWrittenWhileTheDomainControllerWasStoppedRevokesAfterItsRestart(WatchMode mode)
            throws Exception {
        String stopped = mode == WatchMode.AD_NOTIFY ? "ad_out_stop" : "ad_out_stop2";
        startProxy(mode);
        try (Connection open = DirectoryProxies.login(proxy, "ad_out_keep", password("ad_out_keep"))) {
            LiveSessions.revokeWhileRunning(proxy, stopped, password(stopped), OUTAGE_LIMIT, () -> {
                samba.stop();
                Eventually.within(Duration.ofSeconds(20), "the watcher notices Samba is gone",
                        () -> !proxy.engine().directory().watcherHealth().connected());
                samba.removeMemberInDatabase(ANALYSTS_NAME, stopped);
                assertThat(DirectoryProxies.one(open, "select 41 + 1")).as("an open session relays while the"
                        + " directory is down").isEqualTo("42");
                samba.start();
            });
            assertThat(DirectoryProxies.one(open, "select current_user")).isEqualTo("ad_out_keep");
        }
        try (LDAPConnection admin = samba.admin()) {
            List<String> members = java.util.Arrays.stream(admin.getEntry(ANALYSTS, "member")
                    .getAttributeValues("member")).map(m -> m.toLowerCase(java.util.Locale.ROOT)).toList();
            assertThat(members).as("Samba still serves the other members after the restart")
                    .contains(user("ad_out_keep").toLowerCase(java.util.Locale.ROOT));
            assertThat(members).as("the offline removal is what Samba serves after the restart")
                    .doesNotContain(user(stopped).toLowerCase(java.util.Locale.ROOT));
        }
    }
}
