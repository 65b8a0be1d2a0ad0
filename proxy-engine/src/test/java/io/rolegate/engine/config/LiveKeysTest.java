package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.policy.PolicyRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keys a running engine takes at once, which wait for a restart, and what it runs afterwards. */
class LiveKeysTest {
    private static final DirectorySettings DIRECTORY = DirectorySettings.builder(DirectoryFlavour.OPENLDAP)
            .urls("ldap://127.0.0.1:3389").userBase("ou=people,dc=example,dc=org")
            .groupBase("ou=groups,dc=example,dc=org").watch(WatchMode.POLL).build();
    private static final RolegateConfig RUNNING = RolegateConfig.defaults().withDirectory(DIRECTORY)
            .withAccess(new AccessConfig(List.of(new Mapping("cn=dba,ou=groups,dc=example,dc=org",
                    Set.of("dba_role"))), PolicyRules.none()));

    @Test
    void policiesMappingsConsoleAndWatcherApplyLiveTheListenerWaits() {
        RolegateConfig next = RUNNING
                .withListen(RUNNING.listen().withPort(7432))
                .withAccess(RUNNING.access().withPolicies(PolicyRules.none().withUserFilter("(!(uid=alice))"))
                        .withMappings(List.of()))
                .withConsole(new ConsoleConfig("cn=dba,ou=groups,dc=example,dc=org", null))
                .withDirectory(DIRECTORY.toBuilder().watch(WatchMode.AUTO).pollInterval(Duration.ofMillis(300))
                        .reconcileInterval(Duration.ofMinutes(1)).urls("ldap://127.0.0.2:3389").build())
                .withLimits(RUNNING.limits().withMaxClientConnections(5));

        LiveKeys.Split split = LiveKeys.split(RUNNING, next);

        assertThat(split.live()).containsExactly("console.adminGroup", "directory.pollInterval",
                "directory.reconcileInterval", "directory.watch", "limits.maxClientConnections", "mappings",
                "policies.userFilter");
        assertThat(split.restart()).containsExactly("directory.urls", "listen.port");
        assertThat(split.changes("policies")).isTrue();
        assertThat(split.changes("directory")).isTrue();
        assertThat(split.changes("listen")).isFalse();
        RolegateConfig after = split.inForce();
        assertThat(after.listen().port()).as("the listener is not re-bound").isEqualTo(RUNNING.listen().port());
        assertThat(after.directory().urls()).as("nor the directory reconnected").isEqualTo(DIRECTORY.urls());
        assertThat(after.directory().watch()).isEqualTo(WatchMode.AUTO);
        assertThat(after.access().policies().userFilter()).isEqualTo("(!(uid=alice))");
        assertThat(after.limits().maxClientConnections()).isEqualTo(5);
        assertThat(LiveKeys.split(after, next).live()).as("taking it again changes nothing").isEmpty();
    }

    @Test
    void theLoginThrottleAndADirectoryAddedLaterWaitForARestart() {
        RolegateConfig passthrough = RolegateConfig.defaults();
        RolegateConfig next = passthrough.withDirectory(DIRECTORY).withLimits(passthrough.limits()
                .withLoginThrottle(LoginThrottleConfig.off()));

        LiveKeys.Split split = LiveKeys.split(passthrough, next);

        assertThat(split.live()).isEmpty();
        assertThat(split.restart()).contains("directory.urls", "directory.watch", "limits.loginThrottle.perUser");
        assertThat(split.inForce().directory()).isNull();
    }

    @Test
    void theSameConfigurationChangesNothing() {
        LiveKeys.Split split = LiveKeys.split(RUNNING, RUNNING);
        assertThat(split.live()).isEmpty();
        assertThat(split.restart()).isEmpty();
    }
}
