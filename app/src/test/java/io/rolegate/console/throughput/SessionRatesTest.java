package io.rolegate.console.throughput;

import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.api.model.SessionSnapshot;
import org.junit.jupiter.api.Test;

import static io.rolegate.console.sessions.Snapshots.T0;
import static io.rolegate.console.sessions.Snapshots.session;
import static io.rolegate.console.sessions.Snapshots.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SessionRatesTest {
    private final SessionSnapshot s = session(7, "alice", "sales", "psql", SessionActivity.ACTIVE, T0);
    private final SessionRates rates = new SessionRates();

    @Test
    void theFirstSnapshotHasNoRateYet() {
        assertThat(rates.next(traffic(s, 100, 100, 1, 1, 1), T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void aRateIsTheDeltaOverTheRealInterval() {
        rates.next(traffic(s, 1000, 5000, 10, 20, 2), T0.plusSeconds(1));
        SessionRate r = rates.next(traffic(s, 4000, 20000, 16, 50, 5), T0.plusMillis(2500)).orElseThrow();
        assertThat(r.bytesIn()).isCloseTo(2000, within(1e-9));
        assertThat(r.bytesOut()).isCloseTo(10000, within(1e-9));
        assertThat(r.messagesIn()).isCloseTo(4, within(1e-9));
        assertThat(r.messagesOut()).isCloseTo(20, within(1e-9));
        assertThat(r.queries()).isCloseTo(2, within(1e-9));
    }

    @Test
    void anotherSessionStartsOver() {
        rates.next(traffic(s, 1000, 0, 0, 0, 0), T0.plusSeconds(1));
        SessionSnapshot other = session(8, "bob", "hr", "psql", SessionActivity.IDLE, T0);
        assertThat(rates.next(traffic(other, 5000, 0, 0, 0, 0), T0.plusSeconds(2))).isEmpty();
        assertThat(rates.next(traffic(other, 6000, 0, 0, 0, 0), T0.plusSeconds(3)))
                .hasValueSatisfying(r -> assertThat(r.bytesIn()).isEqualTo(1000));
    }

    @Test
    void aSnapshotAtTheSameInstantGivesNoRateAndACounterThatShrankGivesZero() {
        rates.next(traffic(s, 1000, 0, 0, 0, 0), T0.plusSeconds(1));
        assertThat(rates.next(traffic(s, 1500, 0, 0, 0, 0), T0.plusSeconds(1))).isEmpty();
        assertThat(rates.next(traffic(s, 10, 0, 0, 0, 0), T0.plusSeconds(2)))
                .hasValueSatisfying(r -> assertThat(r.bytesIn()).isZero());
    }
}
