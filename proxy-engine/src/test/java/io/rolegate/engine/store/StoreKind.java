package io.rolegate.engine.store;

import io.rolegate.engine.store.migration.Migration;
import io.rolegate.engine.testbed.TestPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases a store runs on, so one test class covers both: the embedded H2 file in a data directory, and a
 * real PostgreSQL server (the testbed cluster), each test in a schema of its own.
 */
public enum StoreKind {
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
                    return StoreTestSupport.raw(tempDir);
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
            String url = PostgresStores.newSchemaUrl();
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
            return open(ALL);
        }

        Store open(List<Migration> migrations);

        /** A connection straight to the database, bypassing the store (to tamper as an intruder would). */
        Connection raw() throws SQLException;

        /** How store messages name this store. */
        String name();
    }

    static final List<Migration> ALL = io.rolegate.engine.store.migration.ClasspathMigrations.load(
            Store.class.getClassLoader(), Store.MIGRATIONS);

    /** A store nobody has used yet; H2 puts it in {@code tempDir}. */
    public abstract Location fresh(Path tempDir);

    /** Schemas in one database on the testbed server; a new schema is as empty as a new database, and cheaper. */
    public static final class PostgresStores {
        private static final AtomicInteger SCHEMAS = new AtomicInteger();
        private static String base;

        private PostgresStores() {
        }

        public static synchronized String newSchemaUrl() {
            try {
                TestPostgres pg = TestPostgres.get();
                if (base == null) {
                    try (Connection c = pg.superuser(); Statement s = c.createStatement()) {
                        s.execute("DROP DATABASE IF EXISTS rolegate_stores");
                        s.execute("CREATE DATABASE rolegate_stores");
                    }
                    base = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/rolegate_stores";
                }
                String schema = "store_" + SCHEMAS.incrementAndGet();
                try (Connection c = DriverManager.getConnection(base, TestPostgres.SUPERUSER, "");
                     Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + schema);
                }
                return base + "?currentSchema=" + schema;
            } catch (Exception e) {
                throw new IllegalStateException("cannot prepare a PostgreSQL store on the testbed: " + e, e);
            }
        }
    }
}
