package io.rolegate.engine.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When connections are allowed: on these days, from {@code from} (inclusive) to {@code to} (exclusive), in a zone.
 * A window whose end is before its start runs over midnight ({@code 22:00-06:00}); the day then is the day the
 * window opened, so "Friday 22:00-06:00" includes Saturday 03:00. {@code from == to} means the whole day.
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

    public TimeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a time window needs at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    public boolean contains(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime t = local.toLocalTime();
        DayOfWeek today = local.getDayOfWeek();
        if (from.equals(to)) {
            return days.contains(today);
        }
        if (from.isBefore(to)) {
            return days.contains(today) && !t.isBefore(from) && t.isBefore(to);
        }
        // Over midnight: the evening part belongs to today, the morning part to yesterday's window.
        return (days.contains(today) && !t.isBefore(from)) || (days.contains(today.minus(1)) && t.isBefore(to));
    }

    /** {@code Mon, Tue, Wed 08:00-18:00 Europe/Berlin} */
    public String describe() {
        String dayList = EnumSet.copyOf(days).stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                .collect(Collectors.joining(", "));
        return dayList + " " + from + "-" + to + " " + zone.getId();
    }
}
