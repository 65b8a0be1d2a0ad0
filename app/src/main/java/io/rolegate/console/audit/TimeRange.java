package io.rolegate.console.audit;

import java.time.Duration;

/** The time windows the audit view offers; {@link #BETWEEN} uses the two date fields. */
public enum TimeRange {
    ALL("All time", null),
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    LAST_DAY("Last 24 hours", Duration.ofDays(1)),
    LAST_WEEK("Last 7 days", Duration.ofDays(7)),
    BETWEEN("Between dates", null);

    private final String label;
    private final Duration back;

    TimeRange(String label, Duration back) {
        this.label = label;
        this.back = back;
    }

    /** How far back from now, for the rolling windows; null for {@link #ALL} and {@link #BETWEEN}. */
    Duration back() {
        return back;
    }

    @Override
    public String toString() {
        return label;
    }
}
