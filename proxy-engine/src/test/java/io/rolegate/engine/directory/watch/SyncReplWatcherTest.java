package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.RealServers;
import io.rolegate.engine.testbed.SlapdServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import static io.rolegate.engine.testbed.SlapdServer.GROUPS;
import static io.rolegate.engine.testbed.SlapdServer.PEOPLE;
import static io.rolegate.engine.directory.watch.WatchTestSupport.assertNoWatcherThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The syncrepl watcher against a real OpenLDAP slapd with syncprov, memberof and ppolicy. */
class SyncReplWatcherTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final int USERS = 24;

    private static SlapdServer slapd;
    private DirectoryWatcher watcher;
    private final ChangeRecorder changes = new ChangeRecorder();

    @BeforeAll
    static void startSlapd() throws Exception {
        RealServers.requireOrSkip(SlapdServer.installed(), "slapd is not installed (apt-get install slapd)");
        slapd = SlapdServer.create();
        try (LDAPConnection admin = slapd.admin()) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String uid = user(i);
                admin.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + uid,
                        "cn: " + uid, "sn: " + uid, "userPassword: " + uid + "-pw");
                members.add("member: " + dn(i));
            }
            List<String> group = new ArrayList<>(List.of("dn: cn=dba," + GROUPS, "objectClass: groupOfNames",
                    "cn: dba"));
            group.addAll(members);
            admin.add(group.toArray(String[]::new));
        }
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    @AfterEach
    void stopWatcher() throws Exception {
        if (watcher != null) {
            watcher.stop();
        }
        assertNoWatcherThreads();
    }

    private static String user(int i) {
        return String.format("user%02d", i);
    }

    private static String dn(int i) {
        return "uid=" + user(i) + "," + PEOPLE;
    }

    private void startWatcher(WatchMode mode, Duration reconnectMin) throws Exception {
        DirectorySettings settings = slapd.settings();
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(mode, settings)
                .withReconnect(reconnectMin, Duration.ofSeconds(2)), changes);
        watcher.start();
        Eventually.within(WITHIN, "watcher connects", () -> watcher.health().connected());
        // A first change proves the initial refresh is over and the search persists.
        try (LDAPConnection admin = slapd.admin()) {
            String warmUp = dn(USERS - 1);
            ChangeRecorder.Seen seen = Eventually.lastWithin(WITHIN, () -> {
                admin.modify(warmUp, new Modification(ModificationType.REPLACE, "description", "warm-up"
                        + System.nanoTime()));
                return changes.await(DirectoryChange.Kind.MODIFY, warmUp, Duration.ofMillis(500));
            }, Objects::nonNull);
            assertThat(seen).as("warm-up change seen").isNotNull();
        }
        changes.drain();
    }

    @Test
    void autoChoosesSyncreplAndLockRemovalDeleteArriveFast() throws Exception {
        startWatcher(WatchMode.AUTO, Duration.ofMillis(100));
        assertThat(watcher.health().mode()).isEqualTo(WatchMode.SYNCREPL);
        assertThat(watcher.health().fallbackReason()).isNull();
        try (LDAPConnection admin = slapd.admin()) {
            admin.modify(dn(0), new Modification(ModificationType.REPLACE, "pwdAccountLockedTime", "000001010000Z"));
            ChangeRecorder.Seen locked = changes.await(DirectoryChange.Kind.MODIFY, dn(0), WITHIN);
            assertThat(locked).isNotNull();
            assertThat(locked.thread()).startsWith("rolegate-watch-syncrepl-");
            try (LDAPConnection asUser = new LDAPConnection("127.0.0.1", slapd.port())) {
                asUser.bind(dn(15), user(15) + "-pw");
                assertThatThrownBy(() -> asUser.bind(dn(0), user(0) + "-pw")).as("ppolicy enforces the lock")
                        .isInstanceOf(LDAPException.class);
            }

            assertThat(admin.getEntry(dn(1), "memberOf").getAttributeValues("memberOf"))
                    .as("memberof overlay active").containsExactly("cn=dba," + GROUPS);
            admin.modify("cn=dba," + GROUPS, new Modification(ModificationType.DELETE, "member", dn(1)));
            assertThat(changes.await(DirectoryChange.Kind.MODIFY, "cn=dba," + GROUPS, WITHIN)).isNotNull();
            assertThat(admin.getEntry(dn(1), "memberOf").hasAttribute("memberOf")).isFalse();
            // The user's memberOf changed, yet no event for the user arrived within 5 s here (slapd 2.5.13: the
            // memberof overlay's own updates are not sent to syncrepl consumers), so groups must be watched too.

            admin.delete(dn(2));
            assertThat(changes.await(DirectoryChange.Kind.DELETE, dn(2), WITHIN)).isNotNull();

            admin.modifyDN(dn(3), "uid=renamed", true);
            assertThat(changes.await(DirectoryChange.Kind.MODDN, "uid=renamed," + PEOPLE, WITHIN)).isNotNull();
            assertThat(changes.all()).anyMatch(s -> s.change().kind() == DirectoryChange.Kind.MODDN
                    && s.change().dn().toString().equals(dn(3)));
        }
        assertThat(watcher.health().lastEventAt()).isNotNull();
        assertThat(watcher.health().lag()).isNotNull();
    }

    @Test
    void latencyFromModifyReturnToEvent() throws Exception {
        startWatcher(WatchMode.SYNCREPL, Duration.ofMillis(100));
        List<Long> micros = new ArrayList<>();
        try (LDAPConnection admin = slapd.admin()) {
            for (int trial = 0; trial < 20; trial++) {
                int i = 4 + trial % 10;
                Modification lockOrUnlock = trial < 10
                        ? new Modification(ModificationType.REPLACE, "pwdAccountLockedTime", "000001010000Z")
                        : new Modification(ModificationType.DELETE, "pwdAccountLockedTime");
                admin.modify(dn(i), lockOrUnlock);
                long returned = System.nanoTime();
                ChangeRecorder.Seen seen = changes.await(DirectoryChange.Kind.MODIFY, dn(i), WITHIN);
                assertThat(seen).as("trial %d", trial).isNotNull();
                micros.add((seen.nanos() - returned) / 1_000);
            }
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("syncrepl latency modify-return → event over %d trials: p50 %d µs, max %d µs "
                + "(negative = event before the modify response)%n  all: %s%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), micros);
    }

    @Test
    void reconnectsAfterSlapdRestartAndResumesWithTheCookie() throws Exception {
        startWatcher(WatchMode.SYNCREPL, Duration.ofMillis(800));
        slapd.stop();
        Eventually.within(WITHIN, "watcher notices slapd is gone", () -> !watcher.health().connected());
        slapd.start();
        boolean connectedAtWrite;
        try (LDAPConnection admin = slapd.admin()) {
            connectedAtWrite = watcher.health().connected();
            admin.modify(dn(14), new Modification(ModificationType.REPLACE, "pwdAccountLockedTime",
                    "000001010000Z"));
        }
        Eventually.within(Duration.ofSeconds(10), "watcher reconnects", () -> watcher.health().connected());
        assertThat(changes.await(DirectoryChange.Kind.MODIFY, dn(14), WITHIN)).as("events %s", changes.all()).isNotNull();
        System.out.println("syncrepl restart: change made while " + (connectedAtWrite
                ? "already reconnected (seen in persist phase)" : "disconnected (replayed from the cookie)"));
        assertThat(changes.all()).noneMatch(s -> s.change().kind() == DirectoryChange.Kind.RESYNC);
        assertThat(watcher.health().lastError()).isNotNull();
    }

    @Test
    void persistentSearchIsNotOfferedBySlapdSoItFallsBackToTimestampPolling() throws Exception {
        DirectorySettings settings = slapd.settings();
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.PSEARCH, settings)
                .withPollInterval(Duration.ofMillis(300)), changes);
        watcher.start();
        Eventually.within(WITHIN, "falls back and connects", () -> watcher.health().mode() == WatchMode.POLL
                && watcher.health().connected());
        assertThat(watcher.health().fallbackReason()).contains("psearch → poll", "2.16.840.1.113730.3.4.3");
        Thread.sleep(400);
        try (LDAPConnection admin = slapd.admin()) {
            admin.modify(dn(20), new Modification(ModificationType.REPLACE, "pwdAccountLockedTime",
                    "000001010000Z"));
            assertThat(changes.await(DirectoryChange.Kind.MODIFY, dn(20), WITHIN)).isNotNull();
            admin.delete(dn(21));
            assertThat(changes.await(DirectoryChange.Kind.DELETE, dn(21), WITHIN)).isNotNull();
        }
    }

    /** slapd's modifyTimestamp has whole seconds: a second write within the same second must still be seen. */
    @Test
    void timestampPollingSeesAnEntryWrittenTwiceWithinOneSecond() throws Exception {
        DirectorySettings settings = slapd.settings();
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.POLL, settings)
                .withPollInterval(Duration.ofMillis(100)), changes);
        watcher.start();
        Eventually.within(WITHIN, "connects", () -> watcher.health().connected());
        Thread.sleep(300);
        boolean sameSecond = false;
        try (LDAPConnection admin = slapd.admin()) {
            for (int attempt = 0; attempt < 5 && !sameSecond; attempt++) {
                while (System.currentTimeMillis() % 1000 > 50) {
                    Thread.sleep(5); // start just after a second begins: both writes fit in it
                }
                String first = write(admin, dn(19), "first " + attempt);
                assertThat(changes.await(DirectoryChange.Kind.MODIFY, dn(19), WITHIN)).as("first write").isNotNull();
                String second = write(admin, dn(19), "second " + attempt);
                sameSecond = first.equals(second);
                assertThat(changes.await(DirectoryChange.Kind.MODIFY, dn(19), WITHIN))
                        .as("second write (modifyTimestamp %s, then %s)", first, second).isNotNull();
            }
        }
        assertThat(sameSecond).as("two writes within one second happened").isTrue();
    }

    /** Replaces the description; returns the entry's modifyTimestamp after the write. */
    private static String write(LDAPConnection admin, String dn, String description) throws Exception {
        admin.modify(dn, new Modification(ModificationType.REPLACE, "description", description));
        return admin.getEntry(dn, "modifyTimestamp").getAttributeValue("modifyTimestamp");
    }

    @Test
    void aFailingListenerDoesNotStopTheWatcher() throws Exception {
        DirectorySettings settings = slapd.settings();
        ChangeListener exploding = change -> {
            changes.onChange(change);
            throw new IllegalStateException("listener bug");
        };
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.SYNCREPL, settings), exploding);
        watcher.start();
        Eventually.within(WITHIN, "connects", () -> watcher.health().connected());
        try (LDAPConnection admin = slapd.admin()) {
            for (int round = 0; round < 2; round++) {
                int r = round;
                ChangeRecorder.Seen seen = Eventually.lastWithin(WITHIN, () -> {
                    admin.modify(dn(22), new Modification(ModificationType.REPLACE, "description", "r" + r
                            + System.nanoTime()));
                    return changes.await(DirectoryChange.Kind.MODIFY, dn(22), Duration.ofMillis(500));
                }, Objects::nonNull);
                assertThat(seen).as("round %d", round).isNotNull();
            }
        }
        assertThat(watcher.health().connected()).isTrue();
    }
}
