package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;

/**
 * The role Rolegate provisions through (CREATEROLE, member of pg_signal_backend, not a superuser); needed for
 * directory authentication. The password is a {@link Secret}: it never appears in logs or exports.
 *
 * @param allowPasswordWithoutTls send the password in clear (cleartext or md5) to a server on a non-loopback
 *                                address that asks for it on a connection without TLS; off by default, because
 *                                whoever answers on the upstream address would receive it
 */
public record UpstreamAdminConfig(String user, Secret password, String database, boolean allowPasswordWithoutTls) {

    public UpstreamAdminConfig(String user, Secret password, String database) {
        this(user, password, database, false);
    }
}
