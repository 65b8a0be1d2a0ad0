package io.rolegate.engine.provisioning;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The proxy's own connection to the upstream server, as a role with CREATEROLE, for provisioning. One connection,
 * used by one caller at a time, reopened when it breaks. Blocking JDBC: call only from a worker thread.
 */
public final class AdminDatabase implements AutoCloseable {
    /** Runs SQL on the admin connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String url;
    private final Properties properties;
    private final String description;
    private Connection connection;

    /**
     * @param url a pgjdbc URL, TLS parameters included
     * @param description how to name this database in errors (host, port, user — never the password)
     */
    public AdminDatabase(String url, String user, String password, String description) {
        this(url, user, password, description, "rolegate-admin");
    }

    /** As above, named {@code applicationName} in pg_stat_activity (the monitor is not the provisioning link). */
    public AdminDatabase(String url, String user, String password, String description, String applicationName) {
        this.url = url;
        this.properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", "10");
        this.description = description;
    }

    public synchronized <T> T inTransaction(Work<T> work) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed() || !connection.isValid(2)) {
            close();
            try {
                connection = DriverManager.getConnection(url, properties);
            } catch (SQLException e) {
                String refused = AdminPasswordGuard.refusalIn(e);
                if (refused != null) {
                    throw new SQLException(refused + " (" + description + ")", "28000", e);
                }
                throw new SQLException("rolegate: cannot reach the upstream admin connection (" + description + "): "
                        + e.getMessage(), e.getSQLState(), e);
            }
        }
        return connection;
    }

    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing more to do with it
            }
            connection = null;
        }
    }
}
