package io.rolegate.console.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, sizes and times read in the console: short, and the same everywhere. */
public final class Formats {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** 1023 → "1023 B", 1536 → "1.5 KB" (powers of 1024, as PostgreSQL's pg_size_pretty). */
    public static String bytes(double bytes) {
        double v = Math.abs(bytes);
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        double signed = Math.copySign(v, bytes);
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", signed)
                : String.format(Locale.ROOT, "%.1f %s", signed, UNITS[unit]);
    }

    public static String bytesPerSecond(double bytes) {
        return bytes(bytes) + "/s";
    }

    /** 12345 → "12,345". */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "340 ms", "42 s", "3 min 05 s", "2 h 07 min", "3 d 04 h": the two largest units, never a fraction. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s == 0 && !d.isNegative()) {
            return d.toMillis() + " ms";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
    }

    /** A time in microseconds as a person reads it: "85 µs", "340 ms", "1.2 s", "2 min 05 s". */
    public static String micros(long micros) {
        if (micros < 1000) {
            return Math.max(0, micros) + " µs";
        }
        if (micros < 1_000_000) {
            return micros / 1000 + " ms";
        }
        if (micros < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f s", micros / 1e6);
        }
        return duration(Duration.ofNanos(micros * 1000));
    }

    /** "/127.0.0.1:5000" (as Java prints a socket address) → "127.0.0.1:5000". */
    public static String address(String socketAddress) {
        if (socketAddress == null) {
            return "";
        }
        return socketAddress.startsWith("/") ? socketAddress.substring(1) : socketAddress;
    }

    public static String clock(Instant t) {
        return CLOCK.format(t);
    }
}
