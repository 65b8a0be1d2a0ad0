package io.rolegate.engine.auth;

import io.rolegate.engine.config.LoginThrottleConfig;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.fleet.LoginFailures;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 17 item 2: on a shared store, failed logins are counted for the whole fleet. Guesses spread over two nodes
 * reach the per-user limit at the same total as on one node, a right password on one node clears the name on all,
 * another node's failures refuse early on this one once its snapshot caught up, and a store that does not answer
 * refuses the check instead of letting an uncounted guess through.
 */
class FleetLoginThrottleTest {
    private static final int PER_USER = 4;
    private static final LoginThrottleConfig LIMITS = new LoginThrottleConfig(PER_USER, 0, Duration.ofMinutes(15),
            1_000);

    private Store store;
    private final List<AutoCloseable> shares = new ArrayList<>();
    private InetAddress attacker;

    @BeforeEach
    void store() throws Exception {
        store = Store.openJdbc(TestStores.newPostgresSchemaUrl(), TestPostgres.SUPERUSER, "", "setup");
        attacker = InetAddress.getByName("192.0.2.7");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable share : shares) {
            share.close();
        }
        store.close();
    }

    private LoginThrottle node(String name) {
        LoginThrottle throttle = new LoginThrottle(LIMITS, Clock.systemUTC());
        shares.add(throttle.shareAcrossFleet(new LoginFailures(store.connections(), name)));
        return throttle;
    }

    /** Fails guesses alternately on the nodes until one is refused; returns how many were let through. */
    private static int guessesUntilRefused(List<LoginThrottle> nodes, String user, InetAddress from) {
        for (int guess = 0; guess < 20; guess++) {
            LoginThrottle node = nodes.get(guess % nodes.size());
            try {
                node.admit(user, from).failed();
            } catch (LoginThrottle.Throttled refused) {
                assertThat(refused.refusal().scope()).isEqualTo(LoginThrottle.Scope.USER);
                return guess;
            }
        }
        throw new AssertionError("never refused");
    }

    @Test
    void guessesSplitOverTwoNodesHitTheLimitAtTheSameTotalAsOnOneNode() {
        LoginThrottle a = node("node-a");
        LoginThrottle b = node("node-b");
        assertThat(guessesUntilRefused(List.of(a), "alice", attacker)).isEqualTo(PER_USER);
        assertThat(guessesUntilRefused(List.of(a, b), "bob", attacker)).isEqualTo(PER_USER);
        // and the other node is refused too, whichever asks
        assertThatThrownBy(() -> b.admit("BOB", attacker)).isInstanceOf(LoginThrottle.Throttled.class);
    }

    @Test
    void anotherNodesFailuresRefuseEarlyHereOnceTheSnapshotCaughtUp() throws Exception {
        LoginThrottle a = node("node-a");
        LoginThrottle b = node("node-b");
        for (int i = 0; i < PER_USER; i++) {
            a.admit("carol", attacker).failed();
        }
        // b never saw carol fail itself: its early check (the event loop's, no store trip) learns it from the snapshot
        LoginThrottle.Refusal refusal = Eventually.within(Duration.ofSeconds(20), "node-b refuses carol early",
                () -> b.check("carol", attacker).orElse(null), r -> r != null);
        assertThat(refusal.scope()).isEqualTo(LoginThrottle.Scope.USER);
        assertThat(refusal.retryAfterSeconds()).isBetween(1L, 15 * 60L);
    }

    @Test
    void aRightPasswordOnOneNodeClearsTheNameOnAll() throws Exception {
        LoginThrottle a = node("node-a");
        LoginThrottle b = node("node-b");
        for (int i = 0; i < PER_USER - 1; i++) {
            a.admit("dave", attacker).failed();
        }
        assertThat(failuresInStore()).isEqualTo(PER_USER - 1);
        b.admit("dave", attacker).succeeded();
        // the fleet's count of the name is gone (each node's own table forgets on its own right password; another
        // node's early check may count the cleared failures for up to a snapshot refresh: the safe side)
        assertThat(failuresInStore()).isZero();
        b.admit("dave", attacker).failed();
        assertThat(failuresInStore()).isEqualTo(1);
    }

    private long failuresInStore() throws Exception {
        try (java.sql.Connection c = store.connections().open()) {
            return TestStores.count(c, "SELECT COUNT(*) FROM login_failure");
        }
    }

    @Test
    void aDirectoryThatCouldNotAnswerGivesTheAttemptBackFleetWide() {
        LoginThrottle a = node("node-a");
        LoginThrottle b = node("node-b");
        for (int i = 0; i < 10; i++) {
            a.admit("erin", attacker).withdrawn();
        }
        assertThat(guessesUntilRefused(List.of(a, b), "erin", attacker)).isEqualTo(PER_USER);
    }

    @Test
    void aStoreThatDoesNotAnswerRefusesTheCheckInsteadOfLettingItThrough() throws Exception {
        LoginThrottle cut = new LoginThrottle(LIMITS, Clock.systemUTC());
        // a real PostgreSQL client to a port where nothing listens: what a store outage looks like to the engine
        shares.add(cut.shareAcrossFleet(new LoginFailures(
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2",
                        TestPostgres.SUPERUSER, ""), "node-c")));
        FleetThrottle.Uncounted refused = catchThrowableOfType(FleetThrottle.Uncounted.class,
                () -> cut.admit("frank", attacker));
        assertThat(refused).hasMessageContaining("failed logins cannot be counted across the fleet right now");
        // the refused attempt is not held against the name locally either
        assertThat(cut.check("frank", attacker)).isEmpty();
    }
}
