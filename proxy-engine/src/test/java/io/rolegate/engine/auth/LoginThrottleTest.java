package io.rolegate.engine.auth;

import io.rolegate.engine.config.LoginThrottleConfig;
import io.rolegate.engine.testbed.MovableClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The throttle's counting rules on a clock the test moves: window, bursts, give-backs, bounded memory. */
class LoginThrottleTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T20:00:00Z"));
    private final InetAddress source = InetAddress.getLoopbackAddress();

    @Test
    void admittedChecksCountAtOnceSoConcurrentGuessesCannotSlipPastTheLimit() {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(3, 0, Duration.ofMinutes(15), 100), clock);
        for (int i = 0; i < 3; i++) {
            throttle.admit("bob", source); // none has reported yet: they are all in flight
        }

        LoginThrottle.Throttled refused = catchThrowableOfType(LoginThrottle.Throttled.class,
                () -> throttle.admit("Bob", source));

        assertThat(refused.refusal().scope()).isEqualTo(LoginThrottle.Scope.USER);
        assertThat(refused.refusal().retryAfter()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theWindowSlidesAndEachBurstIsReportedOnce() {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(2, 0, Duration.ofMinutes(10), 100), clock);
        throttle.admit("bob", source).failed();
        clock.advance(Duration.ofMinutes(4));
        throttle.admit("bob", source).failed();

        assertThat(throttle.check("bob", source)).get().extracting(LoginThrottle.Refusal::firstOfBurst).isEqualTo(true);
        assertThat(throttle.check("BOB", source)).get().extracting(LoginThrottle.Refusal::firstOfBurst).isEqualTo(false);
        assertThat(throttle.check("bob", source).orElseThrow().retryAfterSeconds()).isEqualTo(360);

        clock.advance(Duration.ofMinutes(6)); // the first failure leaves the window
        assertThat(throttle.check("bob", source)).isEmpty();
        throttle.admit("bob", source).failed();
        assertThat(throttle.check("bob", source)).get().extracting(LoginThrottle.Refusal::firstOfBurst)
                .as("a new burst is reported again").isEqualTo(true);
    }

    @Test
    void aRightPasswordClearsTheNameButNotTheSourceAndAnOutageGivesTheAttemptBack() {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(2, 3, Duration.ofMinutes(10), 100), clock);
        throttle.admit("alice", source).failed();
        throttle.admit("alice", source).withdrawn();
        throttle.admit("alice", source).failed();
        assertThat(throttle.check("alice", source)).get().extracting(LoginThrottle.Refusal::scope)
                .isEqualTo(LoginThrottle.Scope.USER);

        clock.advance(Duration.ofMinutes(10));
        throttle.admit("carol", source).failed();
        throttle.admit("dave", source).failed();
        throttle.admit("carol", source).succeeded();
        throttle.admit("erin", source).failed();

        assertThat(throttle.check("carol", source)).get().extracting(LoginThrottle.Refusal::scope)
                .as("carol's name is clear, the address that sprayed three names is not")
                .isEqualTo(LoginThrottle.Scope.SOURCE);
    }

    @Test
    void namesAreKeptAsDigestsInABoundedTable() {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottleConfig(5, 0, Duration.ofMinutes(10), 100), clock);
        for (int i = 0; i < 1_000; i++) {
            throttle.admit(i + "-" + "x".repeat(8_000), source).failed();
        }

        assertThat(throttle.trackedEntries()).isEqualTo(100);
        assertThat(throttle.trackedBytes()).as("8 KB names cost what short ones do").isLessThan(100L * 1_024);
    }
}
