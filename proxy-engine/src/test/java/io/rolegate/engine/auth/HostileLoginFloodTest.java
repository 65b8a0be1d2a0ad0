package io.rolegate.engine.auth;

import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.config.LimitsConfig;
import io.rolegate.engine.config.LoginMemoryConfig;
import io.rolegate.engine.config.LoginThrottleConfig;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.policy.RequestContext;
import io.rolegate.engine.testbed.DirectoryProxies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 5: 3,000 failed logins with user names of 4 KB (each new, from many addresses) against a real
 * directory leave the login path's tables within their bounds — asserted on the tables' own accounting, not on
 * the heap or on time. On the old code the negative cache kept every answer until the process ended.
 */
class HostileLoginFloodTest {
    private static final int FLOOD = 3_000;
    private static final int NAME_BYTES = 4_096;
    private static final LoginMemoryConfig BOUNDS = new LoginMemoryConfig(500, 1 << 20);
    private static final LoginThrottleConfig THROTTLE = new LoginThrottleConfig(3, 0, Duration.ofMinutes(15), 1_000);

    static TestDirectory ldap;
    static Directory directory;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        directory = Directory.open(ldap.settings().negativeCacheTtl(Duration.ofHours(1)).build());
    }

    @AfterAll
    static void stop() {
        directory.close();
        ldap.close();
    }

    @Test
    void aFloodOfHugeUnknownNamesStaysWithinTheBoundsOfEveryTable() throws Exception {
        DirectoryLogin login = login(LimitsConfig.defaults().withLoginMemory(BOUNDS).withLoginThrottle(THROTTLE));
        for (int i = 0; i < FLOOD; i++) {
            String name = hugeName(i);
            LoginOutcome outcome = login.login(request(name, i), "guess".toCharArray());

            assertThat(outcome).isInstanceOf(LoginOutcome.Refused.class);
        }

        DirectoryLogin.CacheSize cache = login.cacheSize();
        assertThat(cache.answers()).as("answers cached").isPositive().isLessThanOrEqualTo(BOUNDS.maxEntries());
        assertThat(cache.bytes()).as("their bytes").isLessThanOrEqualTo(BOUNDS.maxBytes());
        assertThat(login.throttle().trackedEntries()).as("names with recent failures").isLessThanOrEqualTo(1_000);
        assertThat(login.throttle().trackedBytes()).as("kept as digests: the typed size does not count")
                .isLessThan(1_000L * 1_024);
    }

    @Test
    void theCacheCountsTheBytesOfWhatItHoldsNotJustTheEntries() throws Exception {
        LoginMemoryConfig tight = new LoginMemoryConfig(1_000_000, 256 * 1024);
        DirectoryLogin login = login(LimitsConfig.defaults().withLoginMemory(tight)
                .withLoginThrottle(LoginThrottleConfig.off()));
        for (int i = 0; i < 200; i++) {
            login.login(request(hugeName(i), i), "guess".toCharArray());
        }

        DirectoryLogin.CacheSize cache = login.cacheSize();
        assertThat(cache.bytes()).isLessThanOrEqualTo(tight.maxBytes());
        assertThat((long) cache.answers()).as("4 KB names: the byte bound holds long before the entry bound")
                .isLessThan(200).isLessThanOrEqualTo(tight.maxBytes() / NAME_BYTES);
    }

    @Test
    void expiredRefusalsArePrunedAsNewAnswersArrive() throws Exception {
        MovableClock clock = new MovableClock();
        try (Directory shortLived = Directory.open(ldap.settings().negativeCacheTtl(Duration.ofSeconds(10)).build())) {
            DirectoryLogin login = new DirectoryLogin(shortLived, () -> new AccessConfig(DirectoryProxies.MAPPINGS,
                    PolicyRules.none()), null, clock, user -> { }, java.util.Set::of,
                    LimitsConfig.defaults().withLoginThrottle(LoginThrottleConfig.off()));
            for (int i = 0; i < 50; i++) {
                login.login(request("nobody-" + i, i), "guess".toCharArray());
            }
            assertThat(login.cacheSize().answers()).isEqualTo(50);

            clock.now = clock.now.plusSeconds(11);
            login.login(request("one-more", 0), "guess".toCharArray());

            assertThat(login.cacheSize().answers()).as("the 50 expired answers are gone").isEqualTo(1);
        }
    }

    private static DirectoryLogin login(LimitsConfig limits) {
        return new DirectoryLogin(directory, () -> new AccessConfig(DirectoryProxies.MAPPINGS, PolicyRules.none()),
                null, Clock.systemUTC(), user -> { }, java.util.Set::of, limits);
    }

    private static String hugeName(int i) {
        String prefix = "intruder-" + i + "-";
        return prefix + "x".repeat(NAME_BYTES - prefix.length());
    }

    private static RequestContext request(String name, int i) throws Exception {
        InetAddress source = InetAddress.getByAddress(new byte[]{10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
        return new RequestContext(name, "appdb", source, "flood", Instant.now(), 0);
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T20:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
