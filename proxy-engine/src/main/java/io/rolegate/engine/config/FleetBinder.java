package io.rolegate.engine.config;

/** {@code fleet: {node}}: the engine's node name on a shared store (see {@link FleetConfig}). */
final class FleetBinder implements SectionBinder<FleetConfig> {

    @Override
    public String key() {
        return "fleet";
    }

    @Override
    public FleetConfig bind(SectionReader s) {
        String node = s.string("node", null);
        if (node == null) {
            return FleetConfig.defaults();
        }
        if (!FleetConfig.NODE_NAME.matcher(node).matches()) {
            s.reject("node", "fleet.node must be 1 to 63 letters, digits, '-', '_' or '.', e.g. edge-1; got \""
                    + node + "\"");
            return FleetConfig.defaults();
        }
        return new FleetConfig(node);
    }
}
