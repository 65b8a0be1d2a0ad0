package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;

/**
 * The role Rolegate provisions through (CREATEROLE, member of pg_signal_backend, not a superuser); needed for
 * directory authentication. The password is a {@link Secret}: it never appears in logs or exports.
 */
public record UpstreamAdminConfig(String user, Secret password, String database) {
}
