package io.rolegate.engine.testbed;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;

/** An engine in front of {@link TestPostgres}, listening on an ephemeral loopback port. */
public final class TestProxy implements AutoCloseable {
    private final Engine engine;

    private TestProxy(Engine engine) {
        this.engine = engine;
    }

    public static TestProxy start(Path dataDir) {
        return start(dataDir, c -> c);
    }

    public static TestProxy start(Path dataDir, UnaryOperator<RolegateConfig> tweak) {
        TestPostgres pg = TestPostgres.get();
        return start(dataDir, new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null), tweak);
    }

    /** In front of other servers than the shared one ({@link TestPostgresPair}). */
    public static TestProxy start(Path dataDir, UpstreamConfig upstream, UnaryOperator<RolegateConfig> tweak) {
        RolegateConfig base = RolegateConfig.defaults()
                .withListen(ListenConfig.defaults().withPort(0))
                .withUpstream(upstream);
        Engine engine = new Engine(tweak.apply(base), dataDir);
        engine.start();
        return new TestProxy(engine);
    }

    public Engine engine() {
        return engine;
    }

    public int port() {
        return engine.listenAddress().getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public Connection connect(String user, String password) throws SQLException {
        return connect(user, password, new Properties());
    }

    public Connection connect(String user, String password, Properties extra) throws SQLException {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.putIfAbsent("sslmode", "disable");
        return DriverManager.getConnection(jdbcUrl(TestPostgres.DATABASE), p);
    }

    public Connection connect() throws SQLException {
        return connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD);
    }

    @Override
    public void close() {
        engine.stop(Duration.ofSeconds(2));
    }
}
