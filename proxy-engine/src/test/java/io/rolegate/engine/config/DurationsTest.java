package io.rolegate.engine.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsWhatIsAmbiguousOrUnknown() {
        assertThatThrownBy(() -> Durations.parse("1.5")).hasMessageContaining("has no unit");
        assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageStartingWith("expected a duration");
        assertThatThrownBy(() -> Durations.parse("3d")).hasMessageStartingWith("expected a duration");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMinutes(180))).isEqualTo("3h");
    }

    @Test
    void formatThenParseGivesTheSameDuration() {
        for (long ms : new long[] {0, 1, 999, 1000, 59_000, 60_000, 61_000, 3_600_000, 86_400_000}) {
            Duration d = Duration.ofMillis(ms);
            assertThat(Durations.parse(Durations.format(d))).as("%d ms", ms).isEqualTo(d);
        }
    }
}
