package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The secret-valued keys of a configuration, by their path in the file. These paths are also the names under
 * which literal secrets are sealed in the store, so the file and the store name a secret the same way.
 */
public final class SecretFields {
    public static final String DIRECTORY_BIND_PASSWORD = "directory.bindPassword";
    public static final String UPSTREAM_ADMIN_PASSWORD = "upstream.admin.password";
    public static final String STORE_PASSWORD = "store.password";
    /** The variable each secret field is written as in a stored or exported configuration. */
    static final Map<String, String> VARIABLES = Map.of(
            DIRECTORY_BIND_PASSWORD, ConfigWriter.LDAP_PASSWORD_VARIABLE,
            UPSTREAM_ADMIN_PASSWORD, ConfigWriter.ADMIN_PASSWORD_VARIABLE,
            STORE_PASSWORD, ConfigWriter.STORE_PASSWORD_VARIABLE);

    private SecretFields() {
    }

    /** The secret at {@code path} in {@code c}; empty when the configuration has none there. */
    public static Optional<Secret> value(RolegateConfig c, String path) {
        Secret s = switch (path) {
            case DIRECTORY_BIND_PASSWORD -> c.directory() == null ? null : c.directory().bindPassword();
            case UPSTREAM_ADMIN_PASSWORD -> c.upstream().admin() == null ? null : c.upstream().admin().password();
            case STORE_PASSWORD -> c.store().password();
            default -> null;
        };
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** The secrets among {@code paths} that {@code c} holds, by path. */
    public static Map<String, Secret> values(RolegateConfig c, Iterable<String> paths) {
        Map<String, Secret> out = new LinkedHashMap<>();
        for (String p : paths) {
            value(c, p).ifPresent(v -> out.put(p, v));
        }
        return out;
    }

    /**
     * The running secret of the webhook whose secret an export writes as {@code ${variable}} (the operator's own
     * variable, or {@code ROLEGATE_WEBHOOK_SECRET}, {@code _2}, ...): so a stored version reads back with the secret
     * in force, as the directory and admin passwords do.
     */
    public static Optional<Secret> webhookSecret(RolegateConfig c, String variable) {
        int n = 0;
        for (ExportConfig e : c.exports()) {
            if (e.type() != ExportConfig.Type.WEBHOOK) {
                continue;
            }
            n++;
            String written = e.secretSource() != null ? e.secretSource() : ExportsYaml.secretVariable(n);
            if (written.equals(variable) && !e.secret().isEmpty()) {
                return Optional.of(e.secret());
            }
        }
        return Optional.empty();
    }
}
