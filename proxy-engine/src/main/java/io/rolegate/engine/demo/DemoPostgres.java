package io.rolegate.engine.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real, throw-away PostgreSQL server for the demo and the console's tests: zonky's embedded PostgreSQL (binaries
 * from Maven Central, so nothing to install). Its superuser gets a random password and every TCP login then needs
 * SCRAM-SHA-256, so the proxy in front of it sees the same authentication a production server asks for.
 */
public final class DemoPostgres implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres server;
    private final Path dataDir;
    private final String superuserPassword = Passwords.random(20);

    private DemoPostgres(EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static DemoPostgres start(Path dataDir) throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("max_connections", "100")
                .start();
        DemoPostgres pg = new DemoPostgres(server, dataDir);
        try {
            pg.requirePasswords();
        } catch (IOException | SQLException e) {
            server.close();
            throw e;
        }
        return pg;
    }

    /** zonky's cluster trusts every local login; swap that for SCRAM before anybody but us can connect. */
    private void requirePasswords() throws IOException, SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + superuserPassword + "'");
            Files.writeString(dataDir.resolve("pg_hba.conf"), String.join("\n",
                    "# written by the Rolegate demo: passwords for everybody, SCRAM only",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    ""));
            s.execute("SELECT pg_reload_conf()");
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getPort();
    }

    /** A direct superuser connection to {@code database}, bypassing the proxy. */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port() + "/" + database, SUPERUSER,
                superuserPassword);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
