package io.rolegate.engine.config;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code policies.captureQueries} and {@code policies.captureQueriesByRole}: which sessions have the text of their
 * statements written to the audit. A session whose roles (mapped roles, and the role it logs in as) appear in
 * {@code byRole} gets the most revealing of those entries, so a role can also be excluded with {@code off}; any
 * other session gets {@code mode}.
 */
public record QueryCaptureConfig(CaptureMode mode, Map<String, CaptureMode> byRole) {

    public QueryCaptureConfig {
        byRole = java.util.Collections.unmodifiableMap(new TreeMap<>(byRole));
    }

    /** The default: nothing captured. */
    public static QueryCaptureConfig off() {
        return new QueryCaptureConfig(CaptureMode.OFF, Map.of());
    }

    /** What to capture for a session holding {@code roles}. */
    public CaptureMode modeFor(Collection<String> roles) {
        CaptureMode chosen = null;
        for (String role : roles) {
            CaptureMode m = byRole.get(role);
            if (m != null && (chosen == null || m.compareTo(chosen) > 0)) {
                chosen = m;
            }
        }
        return chosen == null ? mode : chosen;
    }
}
