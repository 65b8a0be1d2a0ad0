package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
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
import io.rolegate.engine.directory.DirectorySettings;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        options.setUseKeepAlive(true);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        SSLUtil ssl = new SSLUtil(trustManager(settings));
        List<ServerSet> sets = new ArrayList<>();
        for (String url : settings.urls()) {
            LDAPURL parsed = parse(url);
            boolean ldaps = parsed.getScheme().equals("ldaps");
            SocketFactory sockets = ldaps ? sslSocketFactory(ssl) : SocketFactory.getDefault();
            PostConnectProcessor startTls = !ldaps && settings.startTls()
                    ? new StartTLSPostConnectProcessor(sslSocketFactory(ssl)) : null;
            sets.add(new SingleServerSet(parsed.getHost(), parsed.getPort(), sockets, options, null, startTls));
        }
        servers = sets.size() == 1 ? sets.get(0) : new FailoverServerSet(sets);
    }

    /** A connected, bound connection named {@code name}; the caller closes it. */
    LDAPConnection open(String name) throws LDAPException {
        LDAPConnection connection = servers.getConnection();
        connection.setConnectionName(name);
        if (settings.bindDn() != null) {
            byte[] password = utf8(settings.bindPassword().chars());
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

    private static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        Arrays.fill(chars, '\0');
        return bytes;
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
