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

    /** The schema from which audit records carry their node (V6); below it a store can only be read. */
    static final int FLEET_SCHEMA = 7;
    /** The schema from which nodes have numbers and publish live sessions (V9, decision 0028). */
    static final int FLEET_SESSIONS_SCHEMA = 9;
    /** Disk space below this in the data directory reads as a full disk when a write fails. */
    static final long LOW_SPACE_BYTES = 1024 * 1024;
    private final ConnectionSource connections;
    private final String name;
    /** This engine's node name; null for a store opened for reading only. */
    private final String node;
    /** The node name held on a shared store; null for an embedded store or a reader. */
    private final io.rolegate.engine.store.fleet.NodeLock nodeLock;
    private final Connection keeper;
    /** For an embedded store: the connection that keeps H2 open, reopened after H2 closed itself; else null. */
    private final KeptOpen kept;
    /** For a PostgreSQL store: the short operations' connections (decision 0035); else null. */
    private final StorePool pool;
    private final DataDirectoryLock lock;
    private final Path dataDirectory;
    private final int schemaVersion;
    private final AuditLog audit;
    private final SessionHistory sessions;
    private final ConfigVersions configs;
    private final RecordingStore recordings;
    private boolean closed;

    private Store(ConnectionSource connections, String name, Connection keeper, DataDirectoryLock lock,
                  Path dataDirectory, int schemaVersion, String node,
                  io.rolegate.engine.store.fleet.NodeLock nodeLock, int poolSize) {
        this.dataDirectory = dataDirectory;
        this.kept = dataDirectory == null ? null : new KeptOpen(connections, name, keeper);
        this.pool = dataDirectory == null ? new StorePool(connections, name, poolSize) : null;
        this.connections = kept == null ? pool : kept;
        this.name = name;
        this.node = node;
        this.nodeLock = nodeLock;
        this.keeper = keeper;
        this.lock = lock;
        this.schemaVersion = schemaVersion;
        // tests stand at an earlier version to write what an older Rolegate wrote; this code writes only V6 rows
        this.audit = node == null || schemaVersion < FLEET_SCHEMA ? AuditLog.reader(this.connections)
                : AuditLog.start(this.connections, node,
                        nodeLock == null ? io.rolegate.engine.store.common.NodeFence.SOLE : nodeLock);
        this.sessions = new SessionHistory(this.connections, node);
        this.configs = new ConfigVersions(this.connections);
        this.recordings = new RecordingStore(this.connections);
    }

    /** The node name of an engine that names none ({@code fleet.node} absent): the host name. */
    public static String defaultNode() {
        return io.rolegate.engine.config.FleetConfig.hostNode(System::getenv);
    }

    /** True when a running engine holds {@code dataDir}, in this process or another. */
    public static boolean dataDirectoryInUse(Path dataDir) throws java.io.IOException {
        return DataDirectoryLock.held(dataDir);
    }

    /** Opens (creating when absent) the H2 store in {@code dataDir} as the host's node; one engine per directory. */
    public static Store openDataDirectory(Path dataDir) {
        return openDataDirectory(dataDir, defaultNode(), shippedMigrations());
    }

    /** As {@link #openDataDirectory(Path)} with explicit scripts; tests use it to stand at an earlier version. */
    public static Store openDataDirectory(Path dataDir, List<Migration> migrations) {
        return openDataDirectory(dataDir, defaultNode(), migrations);
    }

    /**
     * Opens the H2 store in {@code dataDir} as {@code node}: its records carry that node, its chain is that node's.
     * A null node opens it for reading only (nothing is appended, no chain adopted).
     */
    public static Store openDataDirectory(Path dataDir, String node) {
        return openDataDirectory(dataDir, node, shippedMigrations());
    }

    /** As {@link #openDataDirectory(Path, String)} with explicit scripts. */
    public static Store openDataDirectory(Path dataDir, String node, List<Migration> migrations) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
        Path file = dataFile(dir);
        // WRITE_DELAY=0: a commit reaches the file before it returns, which append() futures promise.
        // DB_CLOSE_ON_EXIT=FALSE: at SIGTERM the engine audits the sessions it drains, then closes the store itself.
        // PAGE_SIZE=4096, not 48 KiB: a commit rewrites each page it changed, the audit chain's last one too (0036).
        String url = "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;PAGE_SIZE=4096";
        ConnectionSource source = () -> DriverManager.getConnection(url, "rolegate", "");
        try {
            return open(source, file.toString(), migrations, lock, dir, node, false, 0);
        } catch (RuntimeException e) {
            closeAfter(lock, e);
            throw e;
        }
    }

    /**
     * Opens a store at a JDBC URL (PostgreSQL for a fleet) as the host's node; the password is used, never logged.
     * Engines sharing a PostgreSQL store need distinct node names ({@link io.rolegate.engine.store.fleet.NodeLock}).
     */
    public static Store openJdbc(String url, String user, String password) {
        return openJdbc(url, user, password, defaultNode(), shippedMigrations(), StorePool.DEFAULT_SIZE);
    }

    /** As {@link #openJdbc(String, String, String)} with explicit scripts; tests use it to stand at a version. */
    public static Store openJdbc(String url, String user, String password, List<Migration> migrations) {
        return openJdbc(url, user, password, defaultNode(), migrations, StorePool.DEFAULT_SIZE);
    }

    /** As {@link #openJdbc(String, String, String)} as node {@code node}: refused while a live engine holds it. */
    public static Store openJdbc(String url, String user, String password, String node) {
        return openJdbc(url, user, password, node, StorePool.DEFAULT_SIZE);
    }

    /** As {@link #openJdbc(String, String, String, String)}, its short operations sharing {@code poolSize}. */
    public static Store openJdbc(String url, String user, String password, String node, int poolSize) {
        return openJdbc(url, user, password, node, shippedMigrations(), poolSize);
    }

    /**
     * Opens a shared store to read (verify, export, history) without a node name: it writes nothing, so it is never
     * refused for a live node's name, and works while the whole fleet runs.
     */
    public static Store openJdbcForReading(String url, String user, String password) {
        return openJdbc(url, user, password, null, shippedMigrations(), StorePool.DEFAULT_SIZE);
    }

    private static List<Migration> shippedMigrations() {
        return ClasspathMigrations.load(Store.class.getClassLoader(), MIGRATIONS);
    }

    /** As {@link #openJdbc(String, String, String, String, int)} with explicit scripts; null node: for reading. */
    private static Store openJdbc(String url, String user, String password, String node, List<Migration> migrations,
                                  int poolSize) {
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
        return open(source, name, migrations, null, null, node, StoreWriterLock.applies(url), poolSize);
    }

    /** The H2 file inside a data directory, as named in errors and backup instructions. */
    public static Path dataFile(Path dataDir) {
        return dataDir.resolve(DB_NAME + ".mv.db");
    }

    private static Store open(ConnectionSource source, String name, List<Migration> migrations,
                              DataDirectoryLock lock, Path dir, String node, boolean shared, int poolSize) {
        Connection keeper;
        try {
            // Held open for the store's life: an embedded H2 database closes when its last connection does.
            keeper = source.open();
        } catch (SQLException e) {
            throw openFailure(e, name, dir);
        }
        io.rolegate.engine.store.fleet.NodeLock nodeLock = null;
        try {
            int version = migrate(keeper, name, migrations, shared);
            if (shared && node != null && version >= FLEET_SCHEMA) {
                nodeLock = io.rolegate.engine.store.fleet.NodeLock.claim(source, node, name,
                        version >= FLEET_SESSIONS_SCHEMA);
            }
            return new Store(source, name, keeper, lock, dir, version, node, nodeLock, poolSize);
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = e instanceof SQLException sql ? openFailure(sql, name, dir)
                    : (RuntimeException) e;
            closeAfter(keeper, failure);
            if (nodeLock != null) {
                closeAfter(nodeLock, failure);
            }
            throw failure;
        }
    }

    /** Brings the schema up to date; on a shared store one engine at a time, so no script runs twice. */
    private static int migrate(Connection keeper, String name, List<Migration> migrations, boolean shared)
            throws SQLException {
        if (!shared) {
            return new MigrationRunner(migrations, name).migrate(keeper);
        }
        StoreWriterLock.acquire(keeper, name);
        try {
            return new MigrationRunner(migrations, name).migrate(keeper);
        } finally {
            StoreWriterLock.release(keeper);
        }
    }

    /** This engine's node name: its records and finished sessions carry it; null when opened for reading. */
    public String node() {
        return node;
    }

    /**
     * This node's number on a shared store (decision 0028): the high bits of the process id of the cancel keys it
     * issues. 0 for an embedded store, a reader, or a store below {@link #FLEET_SESSIONS_SCHEMA}: no fleet.
     */
    public int nodeNumber() {
        return nodeLock == null ? 0 : nodeLock.number();
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
        if (nodeLock != null) {
            try {
                nodeLock.close();
            } catch (RuntimeException e) {
                failure = addOrCreate(failure, e.getMessage(), e);
            }
        }
        try {
            if (pool != null) {
                pool.close();
            }
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
