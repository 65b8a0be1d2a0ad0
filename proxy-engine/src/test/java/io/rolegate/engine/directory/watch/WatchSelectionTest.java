package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RootDSE;
import io.rolegate.engine.directory.DirectoryFlavour;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mode parsing, settings validation and what {@code auto} picks from a root DSE. */
class WatchSelectionTest {

    private static RootDSE root(String... controls) {
        Entry entry = new Entry("");
        entry.addAttribute("objectClass", "top");
        if (controls.length > 0) {
            entry.addAttribute("supportedControl", controls);
        }
        return new RootDSE(entry);
    }

    @Test
    void autoPrefersSyncreplThenAdNotifyOnAdThenPersistentSearchThenPolling() {
        assertThat(WatchProbe.choose(root(WatchProbe.SYNC_REQUEST, WatchProbe.PERSISTENT_SEARCH),
                DirectoryFlavour.OPENLDAP)).isEqualTo(WatchMode.SYNCREPL);
        assertThat(WatchProbe.choose(root(WatchProbe.AD_NOTIFICATION), DirectoryFlavour.ACTIVE_DIRECTORY))
                .isEqualTo(WatchMode.AD_NOTIFY);
        assertThat(WatchProbe.choose(root(WatchProbe.AD_NOTIFICATION), DirectoryFlavour.GENERIC))
                .isEqualTo(WatchMode.POLL);
        assertThat(WatchProbe.choose(root(WatchProbe.PERSISTENT_SEARCH), DirectoryFlavour.DS389))
                .isEqualTo(WatchMode.PSEARCH);
        assertThat(WatchProbe.choose(root(), DirectoryFlavour.DS389)).isEqualTo(WatchMode.POLL);
        assertThat(WatchProbe.choose(null, DirectoryFlavour.GENERIC)).isEqualTo(WatchMode.POLL);
    }

    @Test
    void aPushModeNeedsItsControlAdvertised() {
        assertThatThrownBy(() -> WatchProbe.require(root(WatchProbe.SYNC_REQUEST), WatchMode.PSEARCH))
                .isInstanceOf(UnsupportedWatchException.class).hasMessageContaining("2.16.840.1.113730.3.4.3");
    }

    @Test
    void modesParseFromTheirConfigurationSpelling() {
        assertThat(WatchMode.parse("ad-notify")).isEqualTo(WatchMode.AD_NOTIFY);
        assertThat(WatchMode.parse(" Syncrepl ")).isEqualTo(WatchMode.SYNCREPL);
        assertThat(WatchMode.AD_NOTIFY.configName()).isEqualTo("ad-notify");
        assertThatThrownBy(() -> WatchMode.parse("dirsink")).hasMessageContaining("auto, syncrepl");
    }

    @Test
    void nestedAndRepeatedBasesAreWatchedOnce() throws Exception {
        WatchSettings settings = new WatchSettings(WatchMode.POLL, null, null, null, List.of(
                new DN("ou=people,dc=example,dc=org"), new DN("dc=example,dc=org"),
                new DN("ou=groups,dc=example,dc=org"), new DN("dc=example,dc=org")));
        assertThat(settings.bases()).containsExactly(new DN("dc=example,dc=org"));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.watches(new DN("uid=a,ou=people,dc=example,dc=org"))).isTrue();
        assertThat(settings.watches(new DN("dc=other"))).isFalse();
    }

    @Test
    void badTimingsAreRejected() {
        assertThatThrownBy(() -> new WatchSettings(WatchMode.POLL, Duration.ZERO, null, null,
                List.of(DN.NULL_DN))).hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> new WatchSettings(WatchMode.POLL, null, Duration.ofSeconds(5),
                Duration.ofSeconds(1), List.of(DN.NULL_DN))).hasMessageContaining("reconnect max");
    }

    @Test
    void offRunsNothing() {
        var settings = io.rolegate.engine.directory.DirectorySettings.builder(DirectoryFlavour.GENERIC)
                .urls("ldap://127.0.0.1:1").userBase("ou=people,dc=x").groupBase("ou=groups,dc=x").build();
        DirectoryWatcher watcher = DirectoryWatchers.create(settings, WatchSettings.of(WatchMode.OFF, settings),
                change -> { });
        watcher.start();
        assertThat(watcher.health().mode()).isEqualTo(WatchMode.OFF);
        assertThat(watcher.health().connected()).isFalse();
        watcher.stop();
        assertThat(WatchTestSupport.watcherThreads()).isZero();
    }
}
