package io.rolegate.engine.config;

/** {@code admin:} the HTTP admin endpoint; the section's presence turns it on unless {@code enabled: false}. */
final class AdminBinder implements SectionBinder<AdminConfig> {

    @Override
    public String key() {
        return "admin";
    }

    @Override
    public AdminConfig bind(SectionReader s) {
        boolean enabled = s.bool("enabled", true);
        String host = s.string("host", AdminConfig.DEFAULT_HOST);
        int port = s.integer("port", AdminConfig.DEFAULT_PORT, 0, 65_535);
        if (!s.faulty("host") && host.isBlank()) {
            s.problem("host", "admin.host must name an interface, e.g. 127.0.0.1 (the default) or 0.0.0.0");
        }
        // a switched-off endpoint has no address worth keeping: it equals an absent section, and exports as one
        return enabled ? new AdminConfig(true, host, port) : AdminConfig.disabled();
    }
}
