package io.rolegate.engine.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct access to a closed store's database, for tests that tamper with it the way an intruder would. */
public final class StoreTestSupport {
    private StoreTestSupport() {
    }

    public static String url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("rolegate");
    }

    public static Connection raw(Path dataDir) throws SQLException {
        return DriverManager.getConnection(url(dataDir), "rolegate", "");
    }

    public static int update(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
