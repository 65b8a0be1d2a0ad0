package io.rolegate.engine.testbed;

import io.rolegate.engine.config.TargetSessionAttrs;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamHost;
import io.rolegate.engine.config.UpstreamTlsMode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A primary and its streaming hot standby on loopback ({@link TestPostgres#startStandby}: {@code pg_basebackup -R}),
 * both private to the test that made them, which may stop, promote or pause them.
 */
public final class TestPostgresPair implements AutoCloseable {
    private final TestPostgres primary;
    private final TestPostgres standby;

    private TestPostgresPair(TestPostgres primary, TestPostgres standby) {
        this.primary = primary;
        this.standby = standby;
    }

    public static TestPostgresPair start() {
        TestPostgres primary = TestPostgres.startPrivate();
        try {
            return new TestPostgresPair(primary, primary.startStandby());
        } catch (RuntimeException e) {
            primary.stop();
            throw e;
        }
    }

    public TestPostgres primary() {
        return primary;
    }

    public TestPostgres standby() {
        return standby;
    }

    public static UpstreamHost hostOf(TestPostgres pg) {
        return new UpstreamHost(pg.host(), pg.port());
    }

    /** Both servers in {@code order}, without TLS, {@code target} for sessions. */
    public UpstreamConfig upstream(TargetSessionAttrs target, Duration connectTimeout, TestPostgres... order) {
        List<UpstreamHost> hosts = Arrays.stream(order).map(TestPostgresPair::hostOf).toList();
        return new UpstreamConfig(hosts, target, connectTimeout, UpstreamTlsMode.DISABLE, null, null, Duration.ZERO, 0);
    }

    /** A superuser connection to the standby (read-only while it is one). */
    public static Connection superuser(TestPostgres pg) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/postgres",
                TestPostgres.SUPERUSER, "");
    }

    /** Runs one statement as the superuser and returns the first column of its first row (or null). */
    public static String query(TestPostgres pg, String sql) throws SQLException {
        try (Connection c = superuser(pg); Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (ResultSet rs = s.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public void close() {
        standby.stop();
        primary.stop();
    }
}
