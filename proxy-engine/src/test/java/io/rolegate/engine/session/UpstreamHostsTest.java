package io.rolegate.engine.session;

import io.rolegate.engine.config.TargetSessionAttrs;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamHost;
import io.rolegate.engine.config.UpstreamTlsMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The order a new session tries the upstream hosts in, and when a server that logged in fits. */
class UpstreamHostsTest {
    private static final UpstreamHost A = new UpstreamHost("a", 5432);
    private static final UpstreamHost B = new UpstreamHost("b", 5432);
    private static final UpstreamHost C = new UpstreamHost("c", 5432);
    private final AtomicLong now = new AtomicLong(1_000);

    private UpstreamHosts hosts(TargetSessionAttrs target) {
        return new UpstreamHosts(new UpstreamConfig(List.of(A, B, C), target, Duration.ofSeconds(1),
                UpstreamTlsMode.DISABLE, null, null, Duration.ZERO, 0), null, now::get);
    }

    private static List<UpstreamHost> walk(HostChoice choice) {
        List<UpstreamHost> out = new ArrayList<>();
        for (UpstreamHost h = choice.next(); h != null; h = choice.next()) {
            out.add(h);
        }
        return out;
    }

    @Test
    void unknownHostsAreTriedInTheConfiguredOrder() {
        assertThat(walk(hosts(TargetSessionAttrs.READ_WRITE).choose())).containsExactly(A, B, C);
    }

    @Test
    void aHostSeenNotToFitGoesAfterTheOthersAndAnUnreachableOneLastUntilItIsForgotten() {
        UpstreamHosts hosts = hosts(TargetSessionAttrs.READ_WRITE);
        hosts.unreachable(A);
        hosts.loggedIn(B, true, false); // a standby
        assertThat(walk(hosts.choose())).containsExactly(C, B, A);
        now.addAndGet(UpstreamHosts.REMEMBERED_NANOS + TimeUnit.SECONDS.toNanos(1));
        assertThat(walk(hosts.choose())).as("old news no longer steers").containsExactly(A, B, C);
    }

    @Test
    void preferStandbyTriesEveryHostForAStandbyThenAnyServer() {
        HostChoice choice = hosts(TargetSessionAttrs.PREFER_STANDBY).choose();
        for (int i = 0; i < 3; i++) {
            choice.next();
            assertThat(choice.checksServer()).isTrue();
            assertThat(choice.fits(false, false)).as("a primary, first round").isFalse();
        }
        assertThat(choice.next()).isEqualTo(A);
        assertThat(choice.checksServer()).isFalse();
        assertThat(choice.fits(false, false)).as("a primary, second round").isTrue();
    }

    @Test
    void aHostIsLeftToTryUntilTheLastOfTheLastRound() {
        HostChoice rw = hosts(TargetSessionAttrs.READ_WRITE).choose();
        rw.next();
        rw.next();
        assertThat(rw.hasMore()).as("C is left").isTrue();
        rw.next();
        assertThat(rw.hasMore()).as("C was the last").isFalse();
        HostChoice prefer = hosts(TargetSessionAttrs.PREFER_STANDBY).choose();
        for (int i = 0; i < 3; i++) {
            prefer.next();
        }
        assertThat(prefer.hasMore()).as("the second round, for any server, is left").isTrue();
        for (int i = 0; i < 3; i++) {
            prefer.next();
        }
        assertThat(prefer.hasMore()).isFalse();
    }

    @Test
    void eachTargetFitsWhatLibpqAccepts() {
        // in_hot_standby, default_transaction_read_only
        assertThat(TargetSessionAttrs.READ_WRITE.fits(false, true, false)).isFalse();
        assertThat(TargetSessionAttrs.PRIMARY.fits(false, true, false)).isTrue();
        assertThat(TargetSessionAttrs.READ_ONLY.fits(false, true, false)).isTrue();
        assertThat(TargetSessionAttrs.STANDBY.fits(false, true, false)).isFalse();
        assertThat(TargetSessionAttrs.STANDBY.fits(true, true, false)).isTrue();
        assertThat(TargetSessionAttrs.ANY.fits(null, false, false)).isTrue();
        assertThat(TargetSessionAttrs.PRIMARY.fits(null, false, false)).as("a server that does not say").isFalse();
    }

    @Test
    void theClientsErrorNamesEveryHostAndWhy() {
        HostChoice choice = hosts(TargetSessionAttrs.READ_WRITE).choose();
        choice.refused("rolegate: could not connect to the upstream server at a:5432: Connection refused");
        choice.refused("the server at b:5432 is a standby (in_hot_standby = on)");
        assertThat(choice.explanation()).isEqualTo("rolegate: no upstream server fits targetSessionAttrs read-write:"
                + " could not connect to the upstream server at a:5432: Connection refused; the server at b:5432 is a"
                + " standby (in_hot_standby = on)");
    }
}
