package io.rolegate.engine.config;

/**
 * Reads {@code policies.record}: {@code groups: [DN, …]} and {@code roles: [role, …]}, either or both. A
 * {@code record:} section naming neither is a mistake worth a line number: it would record nothing.
 */
final class RecordingBinder {
    private RecordingBinder() {
    }

    static RecordingConfig bind(SectionReader policies) {
        // asked for even when absent, so a misspelt "recrod:" gets a "did you mean" hint
        SectionReader record = policies.section("record");
        var groups = record.strings("groups", ValueChecks::dn);
        var roles = record.strings("roles", ValueChecks::role);
        if (policies.has("record") && !record.has("groups") && !record.has("roles")) {
            policies.problem("record", "names no one: give groups: [DN, …] or roles: [role, …] (or both)");
        }
        return new RecordingConfig(groups, roles);
    }
}
