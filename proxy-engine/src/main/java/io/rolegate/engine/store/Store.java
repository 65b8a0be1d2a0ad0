package io.rolegate.engine.store;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.store.config.ConfigVersions;
import io.rolegate.engine.store.migration.ClasspathMigrations;
import io.rolegate.engine.store.migration.Migration;
import io.rolegate.engine.store.migration.MigrationRunner;
import io.rolegate.engine.store.recording.RecordingStore;
import io.rolegate.engine.store.session.SessionHistory;
import org.h2.api.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * The engine's durable memory: audit chain, session history and configuration versions in one database. By default
 * an embedded H2 file in the data directory, held exclusively; a JDBC URL (PostgreSQL for a fleet) works the same.
 * Opening migrates the schema, or refuses with a message naming the file when the store cannot be trusted.
 */
public final class Store implements AutoCloseable {
    public static final String MIGRATIONS = "db/migration";
    static final String DB_NAME = "rolegate";

    /** Disk space below this in the data directory reads as a full disk when a write fails. */
    static final long LOW_SPACE_BYTES = 1024 * 1024;

    private final ConnectionSource connections;
    private final String name;
    private final Connection keeper;
    /** For an embedded store: the connection that keeps H2 open, reopened after H2 closed itself; else null. */
    private final KeptOpen kept;
    private final DataDirectoryLock lock;
    private final Path dataDirectory;
    private final int schemaVersion;
    private final AuditLog audit;
    private final SessionHistory sessions;
    private final ConfigVersions configs;
    private final RecordingStore recordings;
    private boolean closed;

    private Store(ConnectionSource connections, String name, Connection keeper, DataDirectoryLock lock,
                  Path dataDirectory, int schemaVersion) {
        this.dataDirectory = dataDirectory;
        this.kept = dataDirectory == null ? null : new KeptOpen(connections, name, keeper);
        this.connections = kept == null ? connections : kept;
        this.name = name;
        this.keeper = keeper;
        this.lock = lock;
        this.schemaVersion = schemaVersion;
        this.audit = AuditLog.start(this.connections);
        this.sessions = new SessionHistory(this.connections);
        this.configs = new ConfigVersions(this.connections);
        this.recordings = new RecordingStore(this.connections);
    }

    /** Opens (creating when absent) the H2 store in {@code dataDir}; only one engine may hold a directory. */
    /** True when a running engine holds {@code dataDir}, in this process or another. */
    public static boolean dataDirectoryInUse(Path dataDir) throws java.io.IOException {
        return DataDirectoryLock.held(dataDir);
    }

    public static Store openDataDirectory(Path dataDir) {
        return openDataDirectory(dataDir, ClasspathMigrations.load(Store.class.getClassLoader(), MIGRATIONS));
    }

    /** As {@link #openDataDirectory(Path)} with explicit scripts; tests use it to stand at an earlier version. */
    public static Store openDataDirectory(Path dataDir, List<Migration> migrations) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
        Path file = dataFile(dir);
        // WRITE_DELAY=0: a commit reaches the file before it returns, which append() futures promise.
        // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM the engine still audits the sessions it drains and closes the store
        // itself; H2's own exit hook would otherwise close the database under it first.
        String url = "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        ConnectionSource source = () -> DriverManager.getConnection(url, "rolegate", "");
        try {
            return open(source, file.toString(), migrations, lock, dir, false);
        } catch (RuntimeException e) {
            closeAfter(lock, e);
            throw e;
        }
    }

    /**
     * Opens a store at a JDBC URL (PostgreSQL for a fleet); the password is used, never logged. A PostgreSQL store
     * admits one engine at a time ({@link StoreWriterLock}): the audit chain has a single writer.
     */
    public static Store openJdbc(String url, String user, String password) {
        return openJdbc(url, user, password, ClasspathMigrations.load(Store.class.getClassLoader(), MIGRATIONS));
    }

    /** As {@link #openJdbc(String, String, String)} with explicit scripts; tests use it to stand at a version. */
    public static Store openJdbc(String url, String user, String password, List<Migration> migrations) {
        java.util.Properties properties = new java.util.Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // names the store's connections in pg_stat_activity (a URL parameter overrides it)
        properties.setProperty("ApplicationName", "rolegate store");
        ConnectionSource source = () -> DriverManager.getConnection(url, properties);
        String name = url.replaceAll("password=[^&;]*", "password=***");
        return open(source, name, migrations, null, null, StoreWriterLock.applies(url));
    }

    /** The H2 file inside a data directory, as named in errors and backup instructions. */
    public static Path dataFile(Path dataDir) {
        return dataDir.resolve(DB_NAME + ".mv.db");
    }

    private static Store open(ConnectionSource source, String name, List<Migration> migrations,
                              DataDirectoryLock lock, Path dir, boolean singleWriter) {
        Connection keeper;
        try {
            // Held open for the store's life: an embedded H2 database closes when its last connection does.
            keeper = source.open();
        } catch (SQLException e) {
            throw openFailure(e, name, dir);
        }
        try {
            if (singleWriter) {
                // before migrating, so two engines starting together never run the same script twice
                StoreWriterLock.acquire(keeper, name);
            }
            int version = new MigrationRunner(migrations, name).migrate(keeper);
            return new Store(source, name, keeper, lock, dir, version);
        } catch (SQLException e) {
            StoreException failure = openFailure(e, name, dir);
            closeAfter(keeper, failure);
            throw failure;
        } catch (RuntimeException e) {
            closeAfter(keeper, e);
            throw e;
        }
    }

    /** A readable name for the store: the H2 file, or the URL without any password in it. */
    public String name() {
        return name;
    }

    private static StoreException openFailure(SQLException e, String name, Path dir) {
        if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1 && dir != null) {
            StoreException inUse = DataDirectoryLock.inUse(dir);
            inUse.initCause(e);
            return inUse;
        }
        if (dir == null) {
            return new StoreException("cannot open the store " + name + ": " + e.getMessage()
                    + ". Check the store: section (url, user, password) and that the database is reachable", e);
        }
        return new StoreException("cannot open the store " + name + ": " + e.getMessage() + ". The file may be"
                + " damaged or written by an incompatible H2 version; Rolegate does not rewrite it. Restore a backup"
                + " or move the file aside to start empty", e);
    }

    private static void closeAfter(AutoCloseable resource, Exception primary) {
        try {
            resource.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * Copies the embedded store, while it is in use, into a new zip file that H2's {@code Restore} tool (or any
     * unzip) turns back into {@code rolegate.mv.db}: a consistent snapshot taken by the process that holds the
     * file. A PostgreSQL store is backed up with the database's own tools instead.
     */
    public void backupTo(Path zip) {
        if (dataDirectory == null) {
            throw new StoreException("the store " + name + " is a PostgreSQL database: back it up with pg_dump or"
                    + " your base backups, not through Rolegate");
        }
        Path target = zip.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new StoreException("the backup file " + target + " exists already; choose a new name");
        }
        try (Connection c = connections.open(); java.sql.Statement st = c.createStatement()) {
            // H2 takes the file name as a literal only; quote it as SQL requires
            st.execute("BACKUP TO '" + target.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StoreException("the backup to " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** How often the embedded database had closed itself after a failed write and was opened again. */
    public long reopened() {
        return kept == null ? 0 : kept.reopened();
    }

    /**
     * Whether {@code failure} (a write that did not happen) came from a full disk: the error says so, or the data
     * directory has less than a megabyte left. H2 says "No space left on device" only on the first failed write;
     * after that it reports its database as closed.
     */
    public boolean outOfDiskSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
        }
        if (dataDirectory == null) {
            return false;
        }
        try {
            return Files.getFileStore(dataDirectory).getUsableSpace() < LOW_SPACE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /** The data directory of an embedded store; null for a PostgreSQL store. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public ConnectionSource connections() {
        return connections;
    }

    public AuditLog audit() {
        return audit;
    }

    public SessionHistory sessionHistory() {
        return sessions;
    }

    public ConfigVersions configVersions() {
        return configs;
    }

    /** Session recordings (policies.record): written by the recording writer, read by auditors. */
    public RecordingStore recordings() {
        return recordings;
    }

    /** Drains pending audit appends, then closes the database and releases the data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        StoreException failure = null;
        try {
            audit.close();
        } catch (RuntimeException e) {
            failure = new StoreException("closing the audit writer failed: " + e.getMessage(), e);
        }
        try {
            if (kept != null) {
                kept.close();
            } else {
                keeper.close();
            }
        } catch (SQLException e) {
            failure = addOrCreate(failure, "closing the database failed: " + e.getMessage(), e);
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                failure = addOrCreate(failure, "releasing the data directory lock failed: " + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static StoreException addOrCreate(StoreException failure, String message, Exception e) {
        if (failure == null) {
            return new StoreException(message, e);
        }
        failure.addSuppressed(e);
        return failure;
    }
}
