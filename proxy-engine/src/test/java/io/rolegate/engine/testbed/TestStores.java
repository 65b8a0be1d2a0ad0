package io.rolegate.engine.testbed;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.migration.ClasspathMigrations;
import io.rolegate.engine.store.migration.Migration;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store fixture. The databases a store runs on, so one test class covers both ({@code @EnumSource}): the
 * embedded H2 file in a data directory, and a real PostgreSQL server (the testbed cluster), each test in a schema of
 * its own. Besides, direct access to a closed store's database, for tests that tamper with it the way an intruder
 * would.
 *
 * <pre>
 * TestStores.Location location = kind.fresh(tempDir);
 * try (Store store = location.open()) { ... }
 * try (Connection c = TestStores.raw(dataDir)) { TestStores.update(c, "DELETE FROM audit_event WHERE seq = 4"); }
 * </pre>
 */
public enum TestStores {
    H2 {
        @Override
        public Location fresh(Path tempDir) {
            return new Location() {
                @Override
                public Store open(List<Migration> migrations) {
                    return Store.openDataDirectory(tempDir, migrations);
                }

                @Override
                public Connection raw() throws SQLException {
                    return TestStores.raw(tempDir);
                }

                @Override
                public String name() {
                    return Store.dataFile(tempDir.toAbsolutePath().normalize()).toString();
                }
            };
        }
    },
    POSTGRES {
        @Override
        public Location fresh(Path tempDir) {
            String url = newPostgresSchemaUrl();
            return new Location() {
                @Override
                public Store open(List<Migration> migrations) {
                    return Store.openJdbc(url, TestPostgres.SUPERUSER, "", migrations);
                }

                @Override
                public Connection raw() throws SQLException {
                    return DriverManager.getConnection(url, TestPostgres.SUPERUSER, "");
                }

                @Override
                public String name() {
                    return url;
                }
            };
        }
    };

    /** Where one test's store lives; opened, closed and reopened at will. */
    public interface Location {
        default Store open() {
            return open(ALL_MIGRATIONS);
        }

        Store open(List<Migration> migrations);

        /** A connection straight to the database, bypassing the store (to tamper as an intruder would). */
        Connection raw() throws SQLException;

        /** How store messages name this store. */
        String name();
    }

    /** The store's migrations, as the engine ships them. */
    public static final List<Migration> ALL_MIGRATIONS = ClasspathMigrations.load(Store.class.getClassLoader(),
            Store.MIGRATIONS);

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String postgresBase;

    /** A store nobody has used yet; H2 puts it in {@code tempDir}. */
    public abstract Location fresh(Path tempDir);

    /**
     * A new schema in one database on the testbed server, as JDBC URL; a new schema is as empty as a new database,
     * and cheaper.
     */
    public static synchronized String newPostgresSchemaUrl() {
        try {
            TestPostgres pg = TestPostgres.get();
            if (postgresBase == null) {
                try (Connection c = pg.superuser(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS rolegate_stores");
                    s.execute("CREATE DATABASE rolegate_stores");
                }
                postgresBase = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/rolegate_stores";
            }
            String schema = "store_" + SCHEMAS.incrementAndGet();
            try (Connection c = DriverManager.getConnection(postgresBase, TestPostgres.SUPERUSER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            return postgresBase + "?currentSchema=" + schema;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare a PostgreSQL store on the testbed: " + e, e);
        }
    }

    /** The JDBC URL of the H2 store in {@code dataDir}. */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("rolegate");
    }

    /** A connection straight to the closed H2 store in {@code dataDir}. */
    public static Connection raw(Path dataDir) throws SQLException {
        return DriverManager.getConnection(h2Url(dataDir), "rolegate", "");
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
