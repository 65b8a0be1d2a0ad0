package io.rolegate.engine.admin;

import java.math.BigDecimal;

/**
 * Writes the Prometheus text exposition format 0.0.4: per family a {@code # HELP} and a {@code # TYPE} line, then
 * its samples as {@code name{label="value",...} number}. Label values are escaped as the format requires.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();

    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    PrometheusText sample(String name, long value, String... labels) {
        return sample(name, Long.toString(value), labels);
    }

    /** {@code labels} alternate name and value. */
    PrometheusText sample(String name, String value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
        return this;
    }

    /**
     * A histogram in seconds: {@code counts[i]} observations at most {@code boundsMicros[i]} (and above the bound
     * before), the one count past the last bound open-ended; written as Prometheus wants it, cumulative with +Inf.
     */
    /**
     * A histogram kept as the engine keeps its own: bucket i holds values shorter than 2^i microseconds (and not in
     * a lower bucket), the last one open-ended. As Prometheus buckets: le = 2^i microseconds, cumulative, +Inf.
     */
    PrometheusText histogramLog2Micros(String name, String help, long[] counts, long sumMicros) {
        long[] bounds = new long[counts.length - 1];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = 1L << i;
        }
        return histogramSeconds(name, help, counts, bounds, sumMicros);
    }

    PrometheusText histogramSeconds(String name, String help, long[] counts, long[] boundsMicros, long sumMicros) {
        family(name, "histogram", help);
        long cumulative = 0;
        for (int i = 0; i < boundsMicros.length; i++) {
            cumulative += counts[i];
            sample(name + "_bucket", cumulative, "le", seconds(boundsMicros[i]));
        }
        cumulative += counts[boundsMicros.length];
        sample(name + "_bucket", cumulative, "le", "+Inf");
        sample(name + "_sum", seconds(sumMicros));
        return sample(name + "_count", cumulative);
    }

    /** {@code micros} microseconds as seconds in plain decimal (no exponent), exactly. */
    static String seconds(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
