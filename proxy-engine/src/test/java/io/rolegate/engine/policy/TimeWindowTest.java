package io.rolegate.engine.policy;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final TimeWindow OFFICE = new TimeWindow(EnumSet.range(MONDAY, FRIDAY), LocalTime.of(8, 0),
            LocalTime.of(18, 0), BERLIN);

    /** 2026-03-02 is a Monday. */
    private static Instant berlin(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 3, day, hour, minute).atZone(BERLIN).toInstant();
    }

    @Test
    void officeHoursBoundaries() {
        assertThat(OFFICE.contains(berlin(2, 8, 0))).isTrue();
        assertThat(OFFICE.contains(berlin(2, 7, 59))).isFalse();
        assertThat(OFFICE.contains(berlin(2, 17, 59))).isTrue();
        assertThat(OFFICE.contains(berlin(2, 18, 0))).isFalse();
        assertThat(OFFICE.contains(berlin(7, 10, 0))).as("Saturday").isFalse();
    }

    @Test
    void zoneMatters() {
        // 07:30 UTC on a Monday in March is 08:30 in Berlin.
        assertThat(OFFICE.contains(Instant.parse("2026-03-02T07:30:00Z"))).isTrue();
        TimeWindow utc = new TimeWindow(OFFICE.days(), OFFICE.from(), OFFICE.to(), ZoneId.of("UTC"));
        assertThat(utc.contains(Instant.parse("2026-03-02T07:30:00Z"))).isFalse();
    }

    @Test
    void overMidnightBelongsToTheDayItOpened() {
        TimeWindow fridayNight = new TimeWindow(EnumSet.of(FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0), BERLIN);
        assertThat(fridayNight.contains(berlin(6, 23, 0))).as("Fri 23:00").isTrue();
        assertThat(fridayNight.contains(berlin(7, 3, 0))).as("Sat 03:00").isTrue();
        assertThat(fridayNight.contains(berlin(7, 6, 0))).as("Sat 06:00").isFalse();
        assertThat(fridayNight.contains(berlin(6, 3, 0))).as("Fri 03:00 (Thursday's night)").isFalse();
        assertThat(fridayNight.contains(berlin(7, 23, 0))).as("Sat 23:00").isFalse();
    }

    @Test
    void equalEndsMeanWholeDay() {
        TimeWindow mondays = new TimeWindow(EnumSet.of(MONDAY), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, BERLIN);
        assertThat(mondays.contains(berlin(2, 0, 0))).isTrue();
        assertThat(mondays.contains(berlin(2, 23, 59))).isTrue();
        assertThat(mondays.contains(berlin(3, 0, 0))).isFalse();
    }

    @Test
    void describesItself() {
        assertThat(OFFICE.describe()).isEqualTo("Mon, Tue, Wed, Thu, Fri 08:00-18:00 Europe/Berlin");
        assertThatThrownBy(() -> new TimeWindow(EnumSet.noneOf(DayOfWeek.class), LocalTime.NOON, LocalTime.MIDNIGHT,
                BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
