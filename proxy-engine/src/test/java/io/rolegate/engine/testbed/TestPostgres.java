package io.rolegate.engine.testbed;


import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's server binaries (or {@code $ROLEGATE_PG_BIN}), a throw-away
 * cluster on a free loopback port, SCRAM-SHA-256 for ordinary users, md5 and cleartext for one user each.
 * PostgreSQL refuses to run as root, so under root (CI) it runs as the {@code postgres} system user.
 * One shared server per test JVM ({@link #get}), started on first use and stopped at exit; fault tests that stop,
 * promote or replicate servers make their own ({@link #startPrivate}, {@link TestPostgresPair}).
 */
public final class TestPostgres {
    public static final String SUPERUSER = "postgres";
    public static final String SCRAM_USER = "app_scram";
    public static final String MD5_USER = "app_md5";
    public static final String CLEARTEXT_USER = "app_plain";
    public static final String PASSWORD = "s3cret-Pw";
    public static final String DATABASE = "appdb";
    /** The role Rolegate provisions through: CREATEROLE, may end backends, not a superuser. */
    public static final String ADMIN_USER = "rolegate_admin";
    /** Group roles that directory groups map to in tests. */
    public static final java.util.List<String> GROUP_ROLES = java.util.List.of("dba_role", "analyst_role",
            "readonly_role");

    private static TestPostgres instance;

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;
    private final Path caFile;

    private TestPostgres(Path bin, Path base, int port) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.caFile = base.resolve("test-ca.crt");
    }

    /** The CA that signed the server certificate (which names only "localhost"). */
    public Path caCertificate() {
        return caFile;
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = startPrivate();
        }
        return instance;
    }

    /** A server of its own (same roles and settings as the shared one), for a test that stops or promotes it. */
    public static TestPostgres startPrivate() {
        try {
            TestPostgres pg = new TestPostgres(findBin(), Files.createTempDirectory("rolegate-pg"), freePort());
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
            pg.start();
            return pg;
        } catch (IOException | InterruptedException | SQLException e) {
            throw new IllegalStateException("could not start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * A hot standby of this server on a port of its own: {@code pg_basebackup -R} (streaming replication, the
     * roles and the TLS files come along), then started and waited for until it takes connections.
     */
    public TestPostgres startStandby() {
        try {
            TestPostgres standby = new TestPostgres(bin, Files.createTempDirectory("rolegate-pg-standby"), freePort());
            Runtime.getRuntime().addShutdownHook(new Thread(standby::stop));
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", standby.base.toString()), false);
            }
            run(List.of(bin.resolve("pg_basebackup").toString(), "-D", standby.data.toString(), "-R", "-X", "stream",
                    "-h", host(), "-p", String.valueOf(port), "-U", SUPERUSER), true);
            // -R appended primary_conninfo to the copied postgresql.auto.conf; where it listens is its own
            Files.writeString(standby.data.resolve("postgresql.auto.conf"), String.join("\n", "",
                    "port = " + standby.port, "unix_socket_directories = '" + standby.base + "'", ""),
                    java.nio.file.StandardOpenOption.APPEND);
            standby.pgCtl("start", "-l", standby.base.resolve("log").toString(), "-w", "-t", "60");
            return standby;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start a standby of the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** {@code pg_ctl stop -m mode} (fast, immediate), keeping the data directory. */
    public void stop(String mode) throws IOException, InterruptedException {
        pgCtl("stop", "-m", mode, "-w", "-t", "60");
    }

    /** {@code pg_ctl promote}: a standby becomes a primary; returns once it takes writes. */
    public void promote() throws IOException, InterruptedException {
        pgCtl("promote", "-w", "-t", "60");
    }

    private void pgCtl(String action, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                action));
        command.addAll(List.of(options));
        run(command, true);
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public Path dataDirectory() {
        return data;
    }

    /** A direct connection, bypassing the proxy. */
    public Connection connect(String user, String password, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
    }

    public Connection superuser() throws SQLException {
        return connect(SUPERUSER, "", "postgres");
    }

    public static Path findBin() {
        String env = System.getenv("ROLEGATE_PG_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql; "
                            + "install postgresql (apt-get install postgresql) or set ROLEGATE_PG_BIN"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql; install postgresql"
                    + " (apt-get install postgresql) or set ROLEGATE_PG_BIN", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void start() throws IOException, InterruptedException, SQLException {
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", base.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--locale=C"), true);
        Files.writeString(data.resolve("postgresql.auto.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + base + "'",
                "password_encryption = 'scram-sha-256'",
                "max_connections = 400",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "shared_buffers = 64MB",
                "log_min_messages = warning",
                "ssl = on",
                ""));
        // TLS for upstream tests: a private CA and a server certificate naming only "localhost", so connecting
        // by IP under verify-full is a host-name mismatch a test can provoke.
        TestCertificates.Authority ca = TestCertificates.authority("Rolegate test CA");
        TestCertificates.writeForPostgres(data, ca.issue(TestCertificates.KeyType.EC, "localhost"));
        ca.writeCertificate(caFile);
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "local all all trust",
                "host all " + SUPERUSER + " 127.0.0.1/32 trust",
                "host replication " + SUPERUSER + " 127.0.0.1/32 trust",
                "host all " + MD5_USER + " 127.0.0.1/32 md5",
                "host all " + CLEARTEXT_USER + " 127.0.0.1/32 password",
                "host all all 127.0.0.1/32 scram-sha-256",
                ""));
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", data.toString()), false);
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", base.resolve("log").toString(),
                "-w", "-t", "60", "start"), true);
        createRoles();
    }

    private void createRoles() throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + SCRAM_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE ROLE " + CLEARTEXT_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("SET password_encryption = 'md5'");
            s.execute("CREATE ROLE " + MD5_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("RESET password_encryption");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + SCRAM_USER);
            s.execute("CREATE ROLE " + ADMIN_USER + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'");
            s.execute("GRANT pg_signal_backend TO " + ADMIN_USER);
            // the monitoring connection reads every session's pg_stat_activity row (the console's Sessions view)
            s.execute("GRANT pg_monitor TO " + ADMIN_USER);
            for (String r : GROUP_ROLES) {
                s.execute("CREATE ROLE " + r + " NOLOGIN");
            }
            s.execute("GRANT ALL ON DATABASE " + DATABASE + " TO PUBLIC");
        }
        try (Connection c = connect(SUPERUSER, "", DATABASE); Statement s = c.createStatement()) {
            s.execute("GRANT ALL ON SCHEMA public TO PUBLIC");
        }
    }

    public void stop() {
        if (!Files.exists(base)) {
            return; // stopped and removed already
        }
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stop("immediate");
            }
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
        }
    }

    private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed:\n" + new String(out));
        }
    }
}
