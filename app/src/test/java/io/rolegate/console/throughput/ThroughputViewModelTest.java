package io.rolegate.console.throughput;

import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.console.engine.EngineTick;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.ThroughputSample;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.rolegate.console.sessions.Snapshots.T0;
import static io.rolegate.console.sessions.Snapshots.session;
import static io.rolegate.console.sessions.Snapshots.traffic;
import static org.assertj.core.api.Assertions.assertThat;

class ThroughputViewModelTest {
    private final ThroughputViewModel vm = new ThroughputViewModel(T0);

    private static ThroughputSample sample(Instant at, long bytesIn) {
        return new ThroughputSample(at, bytesIn, bytesIn * 3, 2, 4, 1, 0, 1, 1);
    }

    private static List<Number> ys(TimeSeries s) {
        return s.points().stream().map(XYChart.Data::getYValue).toList();
    }

    @Test
    void engineSamplesBecomePointsAtSecondsSinceTheOrigin() {
        vm.onTick(new EngineTick(T0.plusSeconds(2), List.of(sample(T0.plusSeconds(1), 100),
                sample(T0.plusSeconds(2), 300)), List.of(), 0));
        assertThat(vm.bytesIn().points()).extracting(p -> p.getXValue().doubleValue()).containsExactly(1.0, 2.0);
        assertThat(ys(vm.bytesOut())).containsExactly(300.0, 900.0);
        assertThat(vm.upperBoundProperty().get()).isEqualTo(2.0);
        // two seconds of data still get a minute-wide axis
        assertThat(vm.lowerBoundProperty().get()).isEqualTo(-60);
        assertThat(vm.tickUnitProperty().get()).isEqualTo(15);
        assertThat(vm.engineSummaryProperty().get()).startsWith("Now: 300 B/s in, 900 B/s out");
    }

    @Test
    void onlyTheLastFifteenMinutesAreKept() {
        List<ThroughputSample> history = new ArrayList<>();
        for (int s = 0; s < 1000; s++) {
            history.add(sample(T0.plusSeconds(s), s));
        }
        vm.load(history);
        assertThat(vm.bytesIn().points()).hasSize(901);
        assertThat(vm.bytesIn().points().get(0).getXValue().doubleValue()).isEqualTo(99.0);
        assertThat(vm.sessions().points()).hasSize(901);
        // on a round tick: the oldest 21 s are cut rather than the axis ticking at 01:39, 03:39, ...
        assertThat(vm.lowerBoundProperty().get()).isEqualTo(120.0);
        assertThat(vm.upperBoundProperty().get()).isEqualTo(999.0);
        assertThat(vm.tickUnitProperty().get()).isEqualTo(120);
    }

    @Test
    void aYoungEngineHistoryFillsTheAxisFromItsFirstSample() {
        List<ThroughputSample> history = new ArrayList<>();
        for (int s = 100; s < 400; s++) {
            history.add(sample(T0.plusSeconds(s), s));
        }
        vm.load(history);
        assertThat(vm.lowerBoundProperty().get()).isEqualTo(120.0);
        assertThat(vm.tickUnitProperty().get()).isEqualTo(30);
    }

    @Test
    void aSelectedSessionIsChartedFromTheDeltasOfItsSnapshots() {
        SessionSnapshot alice = session(1, "alice", "sales", "psql", SessionActivity.ACTIVE, T0);
        vm.onTick(new EngineTick(T0.plusSeconds(1), List.of(), List.of(alice), 1));
        assertThat(vm.sessionChoices()).extracting(SessionChoice::sessionId).containsExactly(1L);
        vm.selectedSessionProperty().set(vm.sessionChoices().get(0));
        vm.onTick(new EngineTick(T0.plusSeconds(2), List.of(), List.of(traffic(alice, 1000, 4000, 5, 5, 1)), 1));
        assertThat(vm.sessionBytesIn().points()).isEmpty();
        vm.onTick(new EngineTick(T0.plusSeconds(4), List.of(), List.of(traffic(alice, 3000, 4000, 9, 7, 3)), 1));
        assertThat(ys(vm.sessionBytesIn())).containsExactly(1000.0);
        assertThat(ys(vm.sessionBytesOut())).containsExactly(0.0);
        assertThat(vm.sessionSummaryProperty().get()).contains("1000 B/s in", "3 messages/s", "1 queries/s");
    }

    @Test
    void pickingAnotherSessionStartsItsChartAfreshAndAnEndedOneSaysSo() {
        SessionSnapshot alice = session(1, "alice", "sales", "psql", SessionActivity.ACTIVE, T0);
        SessionSnapshot bob = session(2, "bob", "hr", "psql", SessionActivity.IDLE, T0);
        vm.onTick(new EngineTick(T0.plusSeconds(1), List.of(), List.of(alice, bob), 2));
        vm.selectedSessionProperty().set(vm.sessionChoices().get(0));
        vm.onTick(new EngineTick(T0.plusSeconds(2), List.of(), List.of(traffic(alice, 10, 0, 0, 0, 0), bob), 2));
        vm.onTick(new EngineTick(T0.plusSeconds(3), List.of(), List.of(traffic(alice, 20, 0, 0, 0, 0), bob), 2));
        assertThat(vm.sessionBytesIn().points()).hasSize(1);
        vm.selectedSessionProperty().set(vm.sessionChoices().get(1));
        assertThat(vm.sessionBytesIn().points()).isEmpty();
        vm.onTick(new EngineTick(T0.plusSeconds(4), List.of(), List.of(alice), 1));
        assertThat(vm.sessionSummaryProperty().get()).startsWith("Session #2 has ended;");
        assertThat(vm.sessionChoices()).extracting(SessionChoice::sessionId).containsExactly(1L);
    }

    @Test
    void thePickedSessionKeepsItsPointsWhenOthersConnectAndLeave() {
        SessionSnapshot alice = session(1, "alice", "sales", "psql", SessionActivity.ACTIVE, T0);
        SessionSnapshot bob = session(2, "bob", "hr", "psql", SessionActivity.IDLE, T0);
        vm.onTick(new EngineTick(T0.plusSeconds(1), List.of(), List.of(alice), 1));
        vm.selectedSessionProperty().set(vm.sessionChoices().get(0));
        vm.onTick(new EngineTick(T0.plusSeconds(2), List.of(), List.of(traffic(alice, 10, 0, 0, 0, 0)), 1));
        vm.onTick(new EngineTick(T0.plusSeconds(3), List.of(), List.of(traffic(alice, 20, 0, 0, 0, 0)), 1));
        assertThat(vm.sessionBytesIn().points()).hasSize(1);
        // the picker's list is replaced (a ComboBox clears its value then): the chart must not start over
        vm.selectedSessionProperty().set(null);
        vm.onTick(new EngineTick(T0.plusSeconds(4), List.of(), List.of(traffic(alice, 30, 0, 0, 0, 0), bob), 2));
        vm.onTick(new EngineTick(T0.plusSeconds(5), List.of(), List.of(traffic(alice, 40, 0, 0, 0, 0)), 1));
        assertThat(ys(vm.sessionBytesIn())).containsExactly(10.0, 10.0, 10.0);
        assertThat(vm.selectedSessionProperty().get().sessionId()).isEqualTo(1);
    }

    @Test
    void valueAxesTickOnRoundUnitsAndTheHoverReadsTheNearestPoint() {
        assertThat(RoundTicks.upTo(3000, 1024)).isEqualTo(new RoundTicks(3072, 1024));
        assertThat(RoundTicks.upTo(7, 1000)).isEqualTo(new RoundTicks(8, 2));
        assertThat(RoundTicks.upTo(0, 1024)).isEqualTo(new RoundTicks(1, 1));
        assertThat(RoundTicks.upTo(5 * 1024 * 1024, 1024).unit()).isEqualTo(1024 * 1024);
        vm.onTick(new EngineTick(T0.plusSeconds(2), List.of(sample(T0.plusSeconds(1), 100),
                sample(T0.plusSeconds(2), 2048)), List.of(), 0));
        assertThat(vm.valuesAt(1.8, io.rolegate.console.common.Formats::bytesPerSecond, vm.bytesIn()))
                .endsWith("in (from clients) 2.0 KB/s");
        assertThat(vm.valuesAt(0, v -> "", vm.sessionBytesIn())).isEmpty();
    }

    @Test
    void axisLabelsAreWallClockTimes() {
        assertThat(vm.timeLabels().toString(90)).isEqualTo(io.rolegate.console.common.Formats.clock(
                T0.plusSeconds(90)));
    }
}
