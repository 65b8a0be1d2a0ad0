package io.rolegate.engine.config;

/** {@code fleet: {node, countersEvery}}: the engine's node name on a shared store (see {@link FleetConfig}). */
final class FleetBinder implements SectionBinder<FleetConfig> {

    @Override
    public String key() {
        return "fleet";
    }

    @Override
    public FleetConfig bind(SectionReader s) {
        String node = s.string("node", null);
        java.time.Duration counters = s.duration("countersEvery", FleetConfig.DEFAULT_COUNTERS_EVERY,
                FleetConfig.MIN_COUNTERS_EVERY, FleetConfig.MAX_COUNTERS_EVERY);
        if (node != null && !FleetConfig.NODE_NAME.matcher(node).matches()) {
            s.reject("node", "fleet.node must be 1 to 63 letters, digits, '-', '_' or '.', e.g. edge-1; got \""
                    + node + "\"");
            return FleetConfig.defaults();
        }
        return new FleetConfig(node, counters);
    }
}
