package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static io.rolegate.engine.testbed.TestDirectory.GROUPS;
import static io.rolegate.engine.testbed.TestDirectory.PEOPLE;
import static io.rolegate.engine.testbed.TestDirectory.groupDn;
import static io.rolegate.engine.testbed.TestDirectory.userDn;
import static io.rolegate.engine.directory.watch.WatchTestSupport.assertNoWatcherThreads;
import static org.assertj.core.api.Assertions.assertThat;

/** The poll watcher against UnboundID's in-memory server, with and without its changelog. */
class PollWatcherTest {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WITHIN = POLL.plusSeconds(2);

    private TestDirectory ldap;
    private DirectoryWatcher watcher;
    private final ChangeRecorder changes = new ChangeRecorder();

    @AfterEach
    void tearDown() throws Exception {
        if (watcher != null) {
            watcher.stop();
        }
        if (ldap != null) {
            ldap.close();
        }
        assertNoWatcherThreads();
    }

    private void start(int changelogEntries, WatchMode mode) throws Exception {
        int port = TestDirectory.closedPort();
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), config -> {
            config.setMaxChangeLogEntries(changelogEntries);
            try {
                config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("LDAP",
                        InetAddress.getLoopbackAddress(), port, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DirectorySettings settings = ldap.settings().build();
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(mode, settings).withPollInterval(POLL)
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400)), changes);
        watcher.start();
        Eventually.within(Duration.ofSeconds(5), "watcher connects", () -> watcher.health().connected());
        Thread.sleep(POLL.toMillis());
    }

    private LDAPConnection admin() throws Exception {
        return ldap.server().getConnection();
    }

    @Test
    void changelogReportsModifyMembershipRemovalAndDelete() throws Exception {
        start(1000, WatchMode.POLL);
        assertThat(watcher.health().mode()).isEqualTo(WatchMode.POLL);
        try (LDAPConnection admin = admin()) {
            admin.modify(userDn("carol"), new Modification(ModificationType.REPLACE, "description", "locked"));
            assertThat(changes.await(DirectoryChange.Kind.MODIFY, userDn("carol"), WITHIN)).isNotNull();

            admin.modify(groupDn("analysts"), new Modification(ModificationType.DELETE, "member", userDn("bob")));
            ChangeRecorder.Seen group = changes.await(DirectoryChange.Kind.MODIFY, groupDn("analysts"), WITHIN);
            assertThat(group).isNotNull();
            assertThat(group.thread()).startsWith("rolegate-watch-poll-");

            admin.delete(userDn("dave"));
            assertThat(changes.await(DirectoryChange.Kind.DELETE, userDn("dave"), WITHIN)).isNotNull();
        }
        assertThat(watcher.health().lastEventAt()).isNotNull();
        assertThat(changes.all()).noneMatch(s -> s.change().kind() == DirectoryChange.Kind.RESYNC);
    }

    @Test
    void reconnectsAfterRestartAndCatchesUpFromTheChangelog() throws Exception {
        start(1000, WatchMode.POLL);
        ldap.server().shutDown(true);
        Eventually.within(Duration.ofSeconds(5), "watcher notices the server is gone", () -> !watcher.health().connected());
        assertThat(watcher.health().lastError()).isNotNull();
        // Changed while the watcher could not see it: the changelog still has it.
        ldap.server().modify(userDn("erin"), new Modification(ModificationType.REPLACE, "description", "gone"));
        ldap.server().startListening();
        Eventually.within(Duration.ofSeconds(5), "watcher reconnects", () -> watcher.health().connected());
        assertThat(changes.await(DirectoryChange.Kind.MODIFY, userDn("erin"), WITHIN)).isNotNull();
        assertThat(changes.all()).noneMatch(s -> s.change().kind() == DirectoryChange.Kind.RESYNC);
    }

    @Test
    void aGapInTheChangelogIsReportedAsResync() throws Exception {
        start(3, WatchMode.POLL);
        ldap.server().shutDown(true);
        Eventually.within(Duration.ofSeconds(5), "watcher notices the server is gone", () -> !watcher.health().connected());
        for (int i = 0; i < 6; i++) {
            ldap.server().modify(userDn("erin"), new Modification(ModificationType.REPLACE, "description", "v" + i));
        }
        ldap.server().startListening();
        ChangeRecorder.Seen resync = changes.awaitKind(DirectoryChange.Kind.RESYNC, Duration.ofSeconds(5));
        assertThat(resync).isNotNull();
        Eventually.within(Duration.ofSeconds(2), "a resync per base", () -> changes.all().stream()
                .filter(s -> s.change().kind() == DirectoryChange.Kind.RESYNC).count() >= 2);
        assertThat(changes.all()).filteredOn(s -> s.change().kind() == DirectoryChange.Kind.RESYNC)
                .extracting(s -> s.change().dn().toString()).contains(PEOPLE, GROUPS);
        assertThat(watcher.health().connected()).isTrue();
    }

    @Test
    void withoutAChangelogModifyTimestampsAndListingsAreUsed() throws Exception {
        start(0, WatchMode.POLL);
        try (LDAPConnection admin = admin()) {
            admin.modify(userDn("carol"), new Modification(ModificationType.REPLACE, "description", "x"));
            assertThat(changes.await(DirectoryChange.Kind.MODIFY, userDn("carol"), WITHIN)).isNotNull();
            admin.modify(groupDn("analysts"), new Modification(ModificationType.DELETE, "member", userDn("bob")));
            assertThat(changes.await(DirectoryChange.Kind.MODIFY, groupDn("analysts"), WITHIN)).isNotNull();
            admin.delete(userDn("dave"));
            assertThat(changes.await(DirectoryChange.Kind.DELETE, userDn("dave"), WITHIN)).isNotNull();
            admin.add("dn: uid=zed," + PEOPLE, "objectClass: inetOrgPerson", "uid: zed", "cn: Zed", "sn: Zed");
            assertThat(changes.await(DirectoryChange.Kind.ADD, "uid=zed," + PEOPLE, WITHIN)).isNotNull();
        }
        // Each change once: the same modifyTimestamp is not reported again on the next poll.
        Thread.sleep(3 * POLL.toMillis());
        assertThat(changes.all()).filteredOn(s -> s.change().dn().toString().equals(userDn("carol"))).hasSize(1);
    }

    @Test
    void autoPicksPollingOnTheInMemoryServerAndSaysWhy() throws Exception {
        start(1000, WatchMode.AUTO);
        Eventually.within(Duration.ofSeconds(5), "auto settles", () -> watcher.health().mode() == WatchMode.POLL);
        assertThat(watcher.health().fallbackReason()).contains("auto → poll");
    }

    @Test
    void syncreplOnAServerWithoutItFallsBackToPolling() throws Exception {
        start(1000, WatchMode.SYNCREPL);
        Eventually.within(Duration.ofSeconds(5), "fallback", () -> watcher.health().mode() == WatchMode.POLL
                && watcher.health().connected());
        assertThat(watcher.health().fallbackReason()).contains("syncrepl → poll", "1.3.6.1.4.1.4203.1.9.1.1");
        try (LDAPConnection admin = admin()) {
            admin.modify(userDn("carol"), new Modification(ModificationType.REPLACE, "description", "y"));
        }
        assertThat(changes.await(DirectoryChange.Kind.MODIFY, userDn("carol"), WITHIN)).isNotNull();
    }

    @Test
    void stopEndsTheThreadEvenWhileTheServerIsDown() throws Exception {
        start(1000, WatchMode.POLL);
        ldap.server().shutDown(true);
        Eventually.within(Duration.ofSeconds(5), "disconnected", () -> !watcher.health().connected());
        watcher.stop();
        assertNoWatcherThreads();
        watcher.stop();
    }

    @Test
    void autoWaitsForADirectoryThatIsDownAtStart() throws Exception {
        int port = TestDirectory.closedPort();
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), config -> {
            config.setMaxChangeLogEntries(100);
            try {
                config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("LDAP",
                        InetAddress.getLoopbackAddress(), port, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DirectorySettings settings = ldap.settings().build();
        ldap.server().shutDown(true);
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.AUTO, settings)
                .withPollInterval(POLL).withReconnect(Duration.ofMillis(50), Duration.ofMillis(300)), changes);
        watcher.start();
        Eventually.within(Duration.ofSeconds(5), "the failed probe is visible", () -> watcher.health().lastError() != null);
        assertThat(watcher.health().mode()).isEqualTo(WatchMode.AUTO);
        assertThat(watcher.health().connected()).isFalse();
        ldap.server().startListening();
        Eventually.within(Duration.ofSeconds(5), "auto settles once the directory is up",
                () -> watcher.health().mode() == WatchMode.POLL && watcher.health().connected());
    }
}
