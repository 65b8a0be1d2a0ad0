package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.provisioning.RoleNames;

/** {@code upstream.admin:} the provisioning connection; {@code user} and {@code password} are required. */
final class UpstreamAdminBinder {
    static final String DEFAULT_DATABASE = "postgres";

    private UpstreamAdminBinder() {
    }

    /** Null when the section is absent or was reported as faulty. */
    static UpstreamAdminConfig bind(SectionReader parent) {
        SectionReader s = parent.section("admin");
        if (!parent.has("admin")) {
            return null;
        }
        String user = s.string("user", null);
        if (user != null) {
            try {
                RoleNames.check(user);
            } catch (IllegalArgumentException e) {
                s.reject("user", e.getMessage());
                user = null;
            }
        }
        Secret password = SecretValues.read(s, "password");
        String database = s.string("database", DEFAULT_DATABASE);
        boolean passwordWithoutTls = s.bool("allowPasswordWithoutTls", false);
        TargetSessionAttrs target = s.choice("targetSessionAttrs", TargetSessionAttrs.class,
                TargetSessionAttrs.READ_WRITE);
        if (!target.needsWrites() && target != TargetSessionAttrs.ANY) {
            s.problem("targetSessionAttrs", "the admin connection creates and changes roles, so it needs a server"
                    + " that accepts writes: read-write (the default), primary or any");
            target = TargetSessionAttrs.READ_WRITE;
        }
        if (!s.has("user")) {
            s.problem("user", "the admin connection needs a user (a role with CREATEROLE)");
        }
        if (!s.has("password")) {
            s.problem("password", "the admin connection needs a password: ${ENV_VARIABLE} or {file: /path}");
        }
        return user == null || password == null ? null : new UpstreamAdminConfig(user, password, database,
                passwordWithoutTls, target);
    }
}
