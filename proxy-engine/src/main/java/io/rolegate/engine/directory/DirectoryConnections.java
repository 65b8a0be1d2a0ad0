package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.AggregateLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections Rolegate holds to the directory: one pool bound as the service account for every search, and a
 * second pool used for nothing but user binds. User binds never happen on the search pool: a connection bound as
 * a user would carry that user's rights (and a failed bind its anonymous state) into the next search. The bind
 * pool's connections are bound as whoever logged in last, which is harmless because each use starts with a bind;
 * keeping them open spares every login a TCP connect, a TLS handshake to the directory and two threads.
 *
 * <p>Both pools run UnboundID's synchronous mode: a pooled connection is used by one thread at a time, so it needs
 * no reader thread of its own. Watchers, whose searches are asynchronous, use {@link #options} without it.
 */
public final class DirectoryConnections implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DirectoryConnections.class);
    private static final long HEALTH_CHECK_INTERVAL_MILLIS = 30_000;
    /** A bind connection is closed after this long, so no connection stays bound as one user indefinitely. */
    private static final long BIND_CONNECTION_MAX_AGE_MILLIS = 5 * 60_000;

    private final LDAPConnectionPool searchPool;
    private final LDAPConnectionPool bindPool;

    private DirectoryConnections(LDAPConnectionPool searchPool, LDAPConnectionPool bindPool) {
        this.searchPool = searchPool;
        this.bindPool = bindPool;
    }

    /**
     * Builds the pool. A directory that is down at start is not an error: the pool starts empty and connects on
     * first use, so the proxy can start (and report "directory unavailable") while the directory is away.
     *
     * @throws IllegalArgumentException when the TLS material cannot be loaded, or a URL would send passwords in
     *                                  clear off this machine without directory.allowPlainLdap
     */
    static DirectoryConnections open(DirectorySettings settings) {
        List<String> exposed = PlainLdap.exposed(settings);
        if (!exposed.isEmpty() && settings.allowPlainLdap()) {
            log.warn("directory: {} (allowed by directory.allowPlainLdap)", PlainLdap.danger(exposed));
        }
        LDAPConnectionOptions options = options(settings);
        options.setUseSynchronousMode(true);
        ServerSet servers = servers(settings, options);
        // The pool keeps the bind request to re-authenticate reconnected connections, so it holds the password.
        BindRequest serviceBind = settings.bindDn() == null ? null
                : new SimpleBindRequest(settings.bindDn(), settings.bindPassword().utf8());
        // Reading the root DSE is a cheap liveness probe every server answers. It runs after the service bind,
        // not before, because some directories refuse every anonymous read. Not after a failed operation: there
        // the result code alone says whether the connection is usable (the base check; a connection it condemns is
        // replaced and the operation tried once more), and against a hung server a probe would make the login wait
        // one more response timeout before it is refused.
        var healthCheck = new AggregateLDAPConnectionPoolHealthCheck(new LDAPConnectionPoolHealthCheck(),
                new GetEntryLDAPConnectionPoolHealthCheck("", settings.responseTimeout().toMillis(),
                        false, true, false, false, true, false));
        try {
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, serviceBind, 1, settings.poolSize(), 1, null,
                    false, healthCheck);
            pool.setConnectionPoolName("rolegate-directory");
            pool.setHealthCheckIntervalMillis(HEALTH_CHECK_INTERVAL_MILLIS);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setMaxWaitTimeMillis(settings.responseTimeout().toMillis());
            // Bounded: when every connection is busy, wait, then fail rather than open unlimited connections.
            pool.setCreateIfNecessary(false);
            return new DirectoryConnections(pool, bindPool(servers, settings));
        } catch (LDAPException e) {
            // Only reachable through a programming error: with throwOnConnectFailure=false the pool tolerates a
            // server that is down.
            throw new IllegalStateException("cannot create the directory connection pool: " + e.getMessage(), e);
        }
    }

    LDAPConnectionPool pool() {
        return searchPool;
    }

    /**
     * No connection opened up front; when every pooled one is in use, a login opens one more at once rather than
     * wait (the login workers bound how many run together), and extras beyond {@code poolSize} are closed on return.
     */
    private static LDAPConnectionPool bindPool(ServerSet servers, DirectorySettings settings) throws LDAPException {
        LDAPConnectionPool pool = new LDAPConnectionPool(servers, null, 0, settings.poolSize(), 1, null, false, null);
        pool.setConnectionPoolName("rolegate-directory-binds");
        pool.setMaxConnectionAgeMillis(BIND_CONNECTION_MAX_AGE_MILLIS);
        pool.setHealthCheckIntervalMillis(HEALTH_CHECK_INTERVAL_MILLIS);
        pool.setCreateIfNecessary(true);
        pool.setMaxWaitTimeMillis(0);
        return pool;
    }

    /** Work done as a user on a bind-pool connection: it must begin with that user's bind. */
    interface AsUser<T> {
        T run(LDAPConnection connection) throws LDAPException;
    }

    /**
     * Runs {@code work} on a connection of the bind pool. A pooled connection the directory closed while it sat idle
     * fails on first use; that one is dropped and the work runs once more on a new connection, so an idle timeout on
     * the server never shows as "directory unavailable". A connection that failed otherwise is closed, not reused.
     */
    <T> T asUser(AsUser<T> work) throws LDAPException {
        return asUser(work, true);
    }

    private <T> T asUser(AsUser<T> work, boolean retryOnStale) throws LDAPException {
        LDAPConnection connection = bindPool.getConnection();
        boolean reused = connection.getConnectionStatistics().getNumBindRequests() > 0;
        try {
            T result = work.run(connection);
            bindPool.releaseConnection(connection);
            return result;
        } catch (LDAPException e) {
            bindPool.releaseDefunctConnection(connection);
            if (retryOnStale && reused && !e.getResultCode().isConnectionUsable()) {
                return asUser(work, false);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            bindPool.releaseDefunctConnection(connection);
            throw e;
        }
    }

    /** How many connections the bind pool has opened so far. */
    long bindConnectionsOpened() {
        return bindPool.getConnectionPoolStatistics().getNumSuccessfulConnectionAttempts();
    }

    @Override
    public void close() {
        searchPool.close();
        bindPool.close();
    }

    /**
     * The directory's servers as configured (URLs in failover order, ldaps:// or StartTLS with the configured trust
     * and host-name checks), for the search pool and for watchers' long-lived connections alike.
     *
     * @throws IllegalArgumentException when the TLS material cannot be loaded, or a URL would send passwords in
     *                                  clear off this machine without directory.allowPlainLdap
     */
    public static ServerSet servers(DirectorySettings settings, LDAPConnectionOptions options) {
        List<String> exposed = PlainLdap.exposed(settings);
        if (!exposed.isEmpty() && !settings.allowPlainLdap()) {
            // every way to the directory comes here: the pools, the watchers, the console's connection test
            throw new IllegalArgumentException("directory: " + PlainLdap.refusal(exposed));
        }
        return serverSet(settings, options, new SSLUtil(trustManager(settings)));
    }

    /** Connection options from the settings' timeouts, with host-name verification on TLS. */
    public static LDAPConnectionOptions options(DirectorySettings settings) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        // Without this an ldaps:// or StartTLS connection would trust any certificate the CA ever signed,
        // for any host name.
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        return options;
    }

    private static X509TrustManager trustManager(DirectorySettings settings) {
        if (settings.trustCa() == null) {
            return JVMDefaultTrustManager.getInstance();
        }
        try {
            return new PEMFileTrustManager(settings.trustCa().toFile());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("directory.trustCa: cannot read CA certificates from "
                    + settings.trustCa() + ": " + e.getMessage(), e);
        }
    }

    /** One server set per URL in failover order, so ldap:// and ldaps:// entries can be mixed in one list. */
    private static ServerSet serverSet(DirectorySettings settings, LDAPConnectionOptions options, SSLUtil ssl) {
        List<ServerSet> sets = new ArrayList<>();
        for (String url : settings.urls()) {
            LDAPURL parsed = parse(url);
            boolean ldaps = parsed.getScheme().equals("ldaps");
            SocketFactory sockets = ldaps ? sslSocketFactory(ssl) : SocketFactory.getDefault();
            PostConnectProcessor startTls = !ldaps && settings.startTls()
                    ? new StartTLSPostConnectProcessor(sslSocketFactory(ssl)) : null;
            sets.add(new SingleServerSet(parsed.getHost(), parsed.getPort(), sockets, options, null, startTls));
        }
        return sets.size() == 1 ? sets.get(0) : new FailoverServerSet(sets);
    }

    private static LDAPURL parse(String url) {
        try {
            return new LDAPURL(url);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("directory.urls: " + url + ": " + e.getDiagnosticMessage(), e);
        }
    }

    private static SSLSocketFactory sslSocketFactory(SSLUtil ssl) {
        try {
            return ssl.createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("directory: cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
