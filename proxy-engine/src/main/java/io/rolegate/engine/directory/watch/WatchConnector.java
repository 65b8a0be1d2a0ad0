package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import io.rolegate.engine.directory.DirectoryConnections;
import io.rolegate.engine.directory.DirectorySettings;

import java.util.Arrays;

/**
 * Opens the one long-lived connection a watcher uses, bound as the service account: same URLs (failover order),
 * TLS, StartTLS and host-name checks as the directory pool. Watchers do not borrow from that pool: a persistent
 * search would hold a pooled connection for ever and the pool's health checks would interfere with it.
 */
final class WatchConnector {
    private final ServerSet servers;
    private final DirectorySettings settings;

    WatchConnector(DirectorySettings settings) {
        this.settings = settings;
        LDAPConnectionOptions options = DirectoryConnections.options(settings);
        options.setUseKeepAlive(true); // a watcher's connection idles between changes for hours
        servers = DirectoryConnections.servers(settings, options);
    }

    /** A connected, bound connection named {@code name}; the caller closes it. */
    LDAPConnection open(String name) throws LDAPException {
        LDAPConnection connection = servers.getConnection();
        connection.setConnectionName(name);
        if (settings.bindDn() != null) {
            byte[] password = settings.bindPassword().utf8();
            try {
                connection.bind(new SimpleBindRequest(settings.bindDn(), password));
            } catch (LDAPException e) {
                connection.close();
                throw e;
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        }
        return connection;
    }
}
