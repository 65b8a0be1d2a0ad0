package io.rolegate.console.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16 item 3: durations and sizes as a DBA says them — never "547,062 µs", never a bare "0 s". */
class FormatsTest {
    @Test
    void durationsUseTheTwoLargestUnits() {
        assertThat(Formats.duration(Duration.ofMillis(340))).isEqualTo("340 ms");
        assertThat(Formats.duration(Duration.ofMillis(42_900))).isEqualTo("42 s");
        assertThat(Formats.duration(Duration.ofSeconds(65))).isEqualTo("1 min 05 s");
        assertThat(Formats.duration(Duration.ofMinutes(125))).isEqualTo("2 h 05 min");
        assertThat(Formats.duration(Duration.ofHours(50))).isEqualTo("2 d 02 h");
        assertThat(Formats.duration(Duration.ofSeconds(-3))).isEqualTo("0 s");
    }

    @Test
    void roundTripsReadInTheUnitThatFits() {
        assertThat(Formats.micros(85)).isEqualTo("85 µs");
        assertThat(Formats.micros(547_062)).isEqualTo("547 ms");
        assertThat(Formats.micros(1_250_000)).isEqualTo("1.3 s");
        assertThat(Formats.micros(125_000_000)).isEqualTo("2 min 05 s");
    }

    @Test
    void sizesInPowersOf1024() {
        assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
        assertThat(Formats.bytes(1.2 * 1024 * 1024)).isEqualTo("1.2 MB");
    }
}
