package io.rolegate.console.throughput;

/**
 * Value-axis bounds whose ticks read as round numbers of bytes ("0 B, 512 B, 1.0 KB, 1.5 KB") or of counts
 * ("0, 5, 10"): about five ticks, each a 1, 2, 2.5 or 5 multiple of a power of ten of the unit (1024 for bytes).
 */
public record RoundTicks(double upper, double unit) {
    private static final double[] STEPS = {1, 2, 2.5, 5};

    /** Ticks for values up to {@code max}; {@code base} 1024 for bytes, 1000 for counts. */
    public static RoundTicks upTo(double max, double base) {
        double top = Math.max(max, 1);
        double scale = 1;
        while (top / scale >= base) {
            scale *= base;
        }
        double raw = top / scale / 5;
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = decade * STEPS[STEPS.length - 1] * 2;
        for (double s : STEPS) {
            if (s * decade >= raw) {
                step = s * decade;
                break;
            }
        }
        if (base > 1000 && scale == 1 && step < 1) {
            step = 1; // no fraction of a byte
        }
        double unit = step * scale;
        return new RoundTicks(Math.ceil(top / unit) * unit, unit);
    }
}
