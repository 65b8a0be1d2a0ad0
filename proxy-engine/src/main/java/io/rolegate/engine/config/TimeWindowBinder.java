package io.rolegate.engine.config;

import io.rolegate.engine.policy.TimeWindow;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code policies.timeWindow: {days: [mon, ..], from: "07:00", to: "20:00", zone: Europe/Paris}}, all required. */
final class TimeWindowBinder {
    private TimeWindowBinder() {
    }

    /** Empty when absent or wrong (after reporting). */
    static Optional<TimeWindow> bind(SectionReader parent) {
        SectionReader s = parent.section("timeWindow");
        if (!parent.has("timeWindow")) {
            return Optional.empty();
        }
        List<String> days = s.strings("days", d -> day(d).isPresent() ? Optional.empty()
                : Optional.of("\"" + d + "\" is not a day; write mon, tue, wed, thu, fri, sat or sun"));
        if (!s.has("days")) {
            s.problem("days", "is required: the days logins are allowed, e.g. [mon, tue, wed, thu, fri]");
        } else if (days.isEmpty() && !s.faulty("days")) {
            s.reject("days", "needs at least one day, e.g. [mon, tue, wed, thu, fri]");
        }
        LocalTime from = time(s, "from");
        LocalTime to = time(s, "to");
        ZoneId zone = zone(s);
        if (days.isEmpty() || s.faulty("days") || from == null || to == null || zone == null) {
            return Optional.empty();
        }
        Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        days.forEach(d -> set.add(day(d).orElseThrow()));
        return Optional.of(new TimeWindow(set, from, to, zone));
    }

    /** {@code mon} or {@code monday}, any case. */
    static Optional<DayOfWeek> day(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (t.equals(full) || t.equals(full.substring(0, 3))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static String dayName(DayOfWeek d) {
        return d.name().toLowerCase(Locale.ROOT).substring(0, 3);
    }

    private static LocalTime time(SectionReader s, String key) {
        if (!s.has(key)) {
            s.problem(key, "is required: a time of day such as \"07:00\"");
            return null;
        }
        String text = s.string(key, null);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            s.reject(key, "expected a time of day such as \"07:00\" (24-hour, quoted), got \"" + text + "\"");
            return null;
        }
    }

    private static ZoneId zone(SectionReader s) {
        if (!s.has("zone")) {
            s.problem("zone", "is required: a time zone such as Europe/Paris or UTC");
            return null;
        }
        String text = s.string("zone", null);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            s.reject("zone", "\"" + text + "\" is not a time zone; write a region such as Europe/Paris, or UTC");
            return null;
        }
    }
}
