package io.rolegate.engine.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the capture keys of the {@code policies:} section (see {@link QueryCaptureConfig}). */
final class QueryCaptureBinder {
    private QueryCaptureBinder() {
    }

    static QueryCaptureConfig bind(SectionReader policies) {
        CaptureMode mode = policies.choice("captureQueries", CaptureMode.class, CaptureMode.OFF);
        Map<String, CaptureMode> byRole = new LinkedHashMap<>();
        SectionReader roles = policies.section("captureQueriesByRole");
        for (String role : roles.keys()) {
            CaptureMode m = roles.choice(role, CaptureMode.class, null);
            if (m != null) {
                byRole.put(role, m);
            } else if (!roles.faulty(role)) {
                roles.reject(role, "needs off, redacted or full");
            }
        }
        return new QueryCaptureConfig(mode == null ? CaptureMode.OFF : mode, byRole);
    }
}
