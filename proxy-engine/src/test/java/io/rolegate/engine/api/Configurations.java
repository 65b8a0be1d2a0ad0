package io.rolegate.engine.api;

import io.rolegate.engine.config.RolegateConfig;

/** For tests outside this package: what a {@link Configuration} holds, which clients of the door never see. */
public final class Configurations {
    private Configurations() {
    }

    public static RolegateConfig unwrap(Configuration c) {
        return c.config();
    }

    public static Configuration wrap(RolegateConfig c) {
        return Configuration.of(c);
    }
}
