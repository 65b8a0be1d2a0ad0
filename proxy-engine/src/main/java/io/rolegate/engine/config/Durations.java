package io.rolegate.engine.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}. */
final class Durations {
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message fit for the operator */
    static Duration parse(String text) {
        String t = text.trim();
        Matcher m = WITH_UNIT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        if (BARE_NUMBER.matcher(t).matches()) {
            // a bare number is ambiguous (seconds? milliseconds?), so make the operator say which
            throw new IllegalArgumentException("\"" + t + "\" has no unit; add one, e.g. \"" + t + "s\" (units: ms, s, m, h)");
        }
        throw new IllegalArgumentException("expected a duration such as 500ms, 15s, 2m or 1h, got \"" + t + "\"");
    }

    /**
     * The shortest exact spelling, in the largest unit that divides the duration.
     *
     * @throws IllegalArgumentException for negative durations or ones finer than a millisecond, which
     *                                  {@link #parse} could not read back
     */
    static String format(Duration d) {
        if (d.isNegative() || d.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("duration " + d + " cannot be written in ms, s, m or h");
        }
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
