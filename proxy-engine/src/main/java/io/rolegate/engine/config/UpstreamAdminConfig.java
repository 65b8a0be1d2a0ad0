package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;

/**
 * The role Rolegate provisions through (CREATEROLE, member of pg_signal_backend, not a superuser); needed for
 * directory authentication. The password is a {@link Secret}: it never appears in logs or exports.
 *
 * @param allowPasswordWithoutTls send the password in clear (cleartext or md5) to a server on a non-loopback
 *                                address that asks for it on a connection without TLS; off by default, because
 *                                whoever answers on the upstream address would receive it
 * @param targetSessionAttrs      which of {@code upstream.hosts} the admin connection uses: {@code read-write}
 *                                (default), {@code primary} or {@code any} — provisioning writes, so never a standby
 */
public record UpstreamAdminConfig(String user, Secret password, String database, boolean allowPasswordWithoutTls,
                                  TargetSessionAttrs targetSessionAttrs) {

    public UpstreamAdminConfig {
        targetSessionAttrs = targetSessionAttrs == null ? TargetSessionAttrs.READ_WRITE : targetSessionAttrs;
    }

    public UpstreamAdminConfig(String user, Secret password, String database, boolean allowPasswordWithoutTls) {
        this(user, password, database, allowPasswordWithoutTls, TargetSessionAttrs.READ_WRITE);
    }

    public UpstreamAdminConfig(String user, Secret password, String database) {
        this(user, password, database, false);
    }
}
