package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.SambaAd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import static io.rolegate.engine.testbed.SambaAd.BASE;
import static io.rolegate.engine.directory.watch.WatchTestSupport.assertNoWatcherThreads;
import static org.assertj.core.api.Assertions.assertThat;

/** The AD change-notification watcher against a real Samba 4 AD DC. */
class AdNotifyWatcherTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final String PEOPLE = "OU=rg-people," + BASE;
    private static final String GROUPS = "OU=rg-groups," + BASE;
    private static final String INNER = "CN=inner," + GROUPS;
    /** An ordinary account (no replication rights): DirSync refuses it. */
    private static final String ORDINARY = "CN=rg-ordinary," + PEOPLE;
    private static final String ORDINARY_PASSWORD = "Rg-ordinary-Passw0rd!";

    private static SambaAd samba;
    private DirectoryWatcher watcher;
    private final ChangeRecorder changes = new ChangeRecorder();

    @BeforeAll
    static void startSamba() throws Exception {
        samba = SambaAd.provisionOrSkip();
        try (LDAPConnection admin = samba.admin()) {
            admin.add("dn: " + PEOPLE, "objectClass: organizationalUnit");
            admin.add("dn: " + GROUPS, "objectClass: organizationalUnit");
            // Seven containers plus Deleted Objects: more than five registrations, so two connections.
            for (String ou : List.of("contractors", "o1", "o2", "o3", "o4")) {
                admin.add("dn: OU=" + ou + "," + PEOPLE, "objectClass: organizationalUnit");
            }
            for (int i = 0; i < 24; i++) {
                addUser(admin, "CN=" + user(i) + "," + PEOPLE, user(i));
            }
            addUser(admin, "CN=c1,OU=contractors," + PEOPLE, "c1");
            addUser(admin, "CN=x4,OU=o4," + PEOPLE, "x4");
            admin.add("dn: " + INNER, "objectClass: group", "sAMAccountName: inner",
                    "member: CN=" + user(1) + "," + PEOPLE, "member: CN=" + user(2) + "," + PEOPLE);
            admin.add("dn: CN=outer," + GROUPS, "objectClass: group", "sAMAccountName: outer", "member: " + INNER);
            SambaAd.addUser(admin, ORDINARY, "rg-ordinary", ORDINARY_PASSWORD, 512);
        }
    }

    private static void addUser(LDAPConnection admin, String dn, String sam) throws Exception {
        // 544 = normal account, no password required: enabled without setting a password over plain LDAP.
        admin.add("dn: " + dn, "objectClass: user", "sAMAccountName: " + sam, "userAccountControl: 544");
    }

    @AfterAll
    static void stopSamba() throws Exception {
        if (samba != null) {
            samba.close();
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
        return String.format("ad%02d", i);
    }

    private static String dn(int i) {
        return "CN=" + user(i) + "," + PEOPLE;
    }

    private void startWatcher() throws Exception {
        DirectorySettings settings = samba.settings(PEOPLE, GROUPS);
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.AUTO, settings)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)), changes);
        watcher.start();
        Eventually.within(Duration.ofSeconds(10), "watcher connects", () -> watcher.health().connected());
        try (LDAPConnection admin = samba.admin()) {
            ChangeRecorder.Seen seen = Eventually.lastWithin(Duration.ofSeconds(10), () -> {
                admin.modify(dn(23), new Modification(ModificationType.REPLACE, "description", "w" + System.nanoTime()));
                return changes.await(DirectoryChange.Kind.MODIFY, dn(23), Duration.ofMillis(500));
            }, Objects::nonNull);
            assertThat(seen).as("warm-up change seen").isNotNull();
        }
        changes.drain();
    }

    private ChangeRecorder.Seen modifyAndAwait(LDAPConnection admin, String dn, Modification modification)
            throws Exception {
        admin.modify(dn, modification);
        return changes.await(DirectoryChange.Kind.MODIFY, dn, WITHIN);
    }

    /** Writes a new description to {@code dn} until the watcher reports it (one still starting may miss one). */
    private ChangeRecorder.Seen modifyUntilSeen(LDAPConnection admin, String dn, Duration limit) throws Exception {
        return Eventually.lastWithin(limit, () -> modifyAndAwait(admin, dn, new Modification(ModificationType.REPLACE,
                "description", "w" + System.nanoTime())), Objects::nonNull);
    }

    @Test
    void disableMembershipNestedContainersAndDeleteAreSeen() throws Exception {
        startWatcher();
        assertThat(watcher.health().mode()).isEqualTo(WatchMode.AD_NOTIFY);
        try (LDAPConnection admin = samba.admin()) {
            ChangeRecorder.Seen disabled = modifyAndAwait(admin, dn(0),
                    new Modification(ModificationType.REPLACE, "userAccountControl", "546"));
            assertThat(disabled).as("disable").isNotNull();
            assertThat(disabled.thread()).startsWith("rolegate-watch-ad-notify-");
            assertThat(modifyAndAwait(admin, INNER, new Modification(ModificationType.DELETE, "member", dn(1))))
                    .as("member removed from the nested group").isNotNull();
            assertThat(modifyAndAwait(admin, "CN=c1,OU=contractors," + PEOPLE,
                    new Modification(ModificationType.REPLACE, "description", "x"))).as("nested OU").isNotNull();
            assertThat(modifyAndAwait(admin, "CN=x4,OU=o4," + PEOPLE,
                    new Modification(ModificationType.REPLACE, "description", "x"))).as("sixth registration")
                    .isNotNull();
            admin.delete(dn(3));
            assertThat(changes.await(DirectoryChange.Kind.DELETE, dn(3), WITHIN)).as("delete").isNotNull();

            // A new container: the watcher registers everything afresh (and says a resync is due).
            admin.add("dn: OU=o5," + PEOPLE, "objectClass: organizationalUnit");
            assertThat(changes.await(DirectoryChange.Kind.ADD, "OU=o5," + PEOPLE, WITHIN)).isNotNull();
            assertThat(changes.awaitKind(DirectoryChange.Kind.RESYNC, WITHIN)).isNotNull();
            Eventually.within(WITHIN, "registered again", () -> watcher.health().connected());
            long added = System.nanoTime();
            addUser(admin, "CN=x5,OU=o5," + PEOPLE, "x5");
            ChangeRecorder.Seen x5 = changes.await(DirectoryChange.Kind.ADD, "CN=x5,OU=o5," + PEOPLE, WITHIN);
            assertThat(x5).as("a container created while watching is watched too").isNotNull();
            System.out.printf("ad-notify: first change in a new container seen after %d ms%n",
                    (x5.nanos() - added) / 1_000_000);
        }
    }

    @Test
    void latencyFromModifyReturnToEvent() throws Exception {
        startWatcher();
        List<Long> micros = new ArrayList<>();
        try (LDAPConnection admin = samba.admin()) {
            for (int trial = 0; trial < 20; trial++) {
                int i = 4 + trial % 10;
                String uac = trial < 10 ? "546" : "544";
                admin.modify(dn(i), new Modification(ModificationType.REPLACE, "userAccountControl", uac));
                long returned = System.nanoTime();
                ChangeRecorder.Seen seen = changes.await(DirectoryChange.Kind.MODIFY, dn(i), WITHIN);
                assertThat(seen).as("trial %d", trial).isNotNull();
                micros.add((seen.nanos() - returned) / 1_000);
            }
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("ad-notify (Samba) latency modify-return → event over %d trials: p50 %d µs, max %d µs%n"
                + "  all: %s%n", sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), micros);
    }

    @Test
    void dirSyncAsAdministratorReportsADisableAndAMembershipChange() throws Exception {
        DirectorySettings settings = samba.settings(PEOPLE, GROUPS);
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.DIRSYNC, settings)
                .withPollInterval(Duration.ofMillis(200)), changes);
        watcher.start();
        Eventually.within(Duration.ofSeconds(10), "watcher connects", () -> watcher.health().connected());
        assertThat(watcher.health().mode()).isEqualTo(WatchMode.DIRSYNC);
        try (LDAPConnection admin = samba.admin()) {
            // the first sync only takes the cookie
            assertThat(modifyUntilSeen(admin, dn(17), Duration.ofSeconds(15))).as("warm-up change seen").isNotNull();
            assertThat(modifyAndAwait(admin, dn(15), new Modification(ModificationType.REPLACE,
                    "userAccountControl", "546"))).as("disable").isNotNull();
            assertThat(modifyAndAwait(admin, INNER, new Modification(ModificationType.DELETE, "member", dn(2))))
                    .as("member removed: DirSync reports the group").isNotNull();
            admin.delete(dn(18));
            assertThat(changes.awaitKind(DirectoryChange.Kind.RESYNC, WITHIN))
                    .as("a deletion (DirSync names only the deleted object) asks for a resync").isNotNull();
        }
        assertThat(watcher.health().fallbackReason()).isNull();
    }

    @Test
    void dirSyncRefusedToAnOrdinaryAccountSaysWhyAndFallsBackToChangeNotification() throws Exception {
        DirectorySettings settings = samba.settings(PEOPLE, GROUPS).toBuilder()
                .bind(ORDINARY, io.rolegate.engine.api.model.Secret.of(ORDINARY_PASSWORD)).build();
        watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.DIRSYNC, settings)
                .withPollInterval(Duration.ofMillis(200)), changes);
        watcher.start();
        Eventually.within(Duration.ofSeconds(15), "falls back to ad-notify and connects",
                () -> watcher.health().mode() == WatchMode.AD_NOTIFY && watcher.health().connected());
        assertThat(watcher.health().fallbackReason()).contains("dirsync → ad-notify", "50",
                "Replicating Directory Changes");
        try (LDAPConnection admin = samba.admin()) {
            assertThat(modifyUntilSeen(admin, dn(16), Duration.ofSeconds(10))).as("the fallback sees changes")
                    .isNotNull();
        }
    }

    @Test
    void reRegistersAfterARestartAndReportsAResync() throws Exception {
        startWatcher();
        samba.stop();
        Eventually.within(WITHIN, "watcher notices samba is gone", () -> !watcher.health().connected());
        samba.start();
        Eventually.within(Duration.ofSeconds(20), "watcher reconnects", () -> watcher.health().connected());
        assertThat(changes.awaitKind(DirectoryChange.Kind.RESYNC, WITHIN)).isNotNull();
        try (LDAPConnection admin = samba.admin()) {
            assertThat(modifyUntilSeen(admin, dn(14), Duration.ofSeconds(10))).isNotNull();
        }
    }
}
