package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import io.rolegate.engine.config.UpstreamAdminConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.directory.DirectoryConnections;
import io.rolegate.engine.directory.DirectorySettings;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * "Test connection" for the settings view: tries the directory or the upstream server as configured and says
 * exactly what happened, in the words of the step that failed ("connection refused to 127.0.0.1:5999",
 * "bind refused for cn=svc,...: invalid credentials (49)"). Needs no running engine. Blocking: call off the UI thread.
 */
public final class ConnectionChecks {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private ConnectionChecks() {
    }

    /**
     * {@link #directory(DirectorySettings)} for the directory {@code configuration} describes.
     *
     * @throws EngineException when it describes none ({@link Configuration#hasDirectory()})
     */
    public static String directory(Configuration configuration) {
        if (!configuration.hasDirectory()) {
            throw new EngineException("no directory is configured");
        }
        return directory(configuration.config().directory());
    }

    /** {@link #upstream(UpstreamConfig)} for the upstream server {@code configuration} describes. */
    public static String upstream(Configuration configuration) {
        return upstream(configuration.config().upstream());
    }

    /** Connects (TLS as configured), binds as the service account, and reads both search bases. */
    public static String directory(DirectorySettings d) {
        LDAPConnectionOptions options = DirectoryConnections.options(d);
        LDAPConnection c;
        try {
            c = DirectoryConnections.servers(d, options).getConnection();
        } catch (LDAPException e) {
            throw new EngineException(unreachable(String.join(", ", d.urls()), e), e);
        } catch (IllegalArgumentException e) {
            throw new EngineException(e.getMessage(), e);
        }
        try (c) {
            String where = c.getConnectedAddress() + ":" + c.getConnectedPort();
            String who = "anonymously";
            if (d.bindDn() != null) {
                try {
                    c.bind(new SimpleBindRequest(d.bindDn(), d.bindPassword().utf8()));
                } catch (LDAPException e) {
                    throw new EngineException("bind refused for " + d.bindDn() + ": " + describe(e.getResultCode())
                            + diagnostic(e), e);
                }
                who = "as " + d.bindDn();
            }
            requireEntry(c, "userBase", d.userBase());
            requireEntry(c, "groupBase", d.groupBase());
            return "connected to " + where + ", bound " + who + ", userBase and groupBase found";
        }
    }

    private static void requireEntry(LDAPConnection c, String key, String dn) {
        try {
            if (c.getEntry(dn, "1.1") == null) {
                throw new EngineException(key + " " + dn + " does not exist (or the service account cannot read it)");
            }
        } catch (LDAPException e) {
            throw new EngineException("cannot read " + key + " " + dn + ": " + describe(e.getResultCode())
                    + diagnostic(e), e);
        }
    }

    /** Opens a TCP connection, then (when upstream.admin is set) logs in as the admin role and asks the version. */
    public static String upstream(UpstreamConfig up) {
        String where = up.host() + ":" + up.port();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(up.host(), up.port()), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new EngineException(socketProblem(e, where), e);
        }
        UpstreamAdminConfig admin = up.admin();
        if (admin == null) {
            return "reached " + where + " (no upstream.admin to log in with: passthrough only)";
        }
        Properties p = new Properties();
        p.setProperty("user", admin.user());
        p.setProperty("password", new String(admin.password().chars()));
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "rolegate-connection-test");
        try (Connection c = DriverManager.getConnection(DirectoryMode.adminUrl(up, admin), p);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return "connected to " + where + " as " + admin.user() + " (database " + admin.database()
                    + "), PostgreSQL " + rs.getString(1);
        } catch (SQLException e) {
            String refused = io.rolegate.engine.provisioning.AdminPasswordGuard.refusalIn(e);
            if (refused != null) {
                throw new EngineException(refused, e);
            }
            throw new EngineException("login as " + admin.user() + " to " + where + " failed: " + e.getMessage()
                    + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"), e);
        }
    }

    /** The socket-level cause, however deep the SDK wrapped it, else the LDAP result code. */
    private static String unreachable(String where, LDAPException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException) {
                return socketProblem((IOException) t, where);
            }
        }
        return "cannot connect to " + where + ": " + describe(e.getResultCode()) + diagnostic(e);
    }

    private static String socketProblem(IOException e, String where) {
        if (e instanceof ConnectException) {
            return "connection refused to " + where;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host in " + where;
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer from " + where + " within " + CONNECT_TIMEOUT_MILLIS / 1000 + " s";
        }
        return "cannot connect to " + where + ": " + e.getMessage();
    }

    private static String describe(ResultCode rc) {
        return rc.getName() + " (" + rc.intValue() + ")";
    }

    private static String diagnostic(LDAPException e) {
        String d = e.getDiagnosticMessage();
        return d == null || d.isBlank() ? "" : " — " + d;
    }
}
