package io.rolegate.console.demo;

import io.rolegate.console.shell.ConnectHint;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Everything {@code --demo} runs: an embedded PostgreSQL with a sample database and user, and the engine in
 * passthrough mode on a free loopback port in front of it. All files live in one temporary directory, removed on
 * close.
 */
public final class Demo implements AutoCloseable {
    private final Path dir;
    private final DemoPostgres postgres;
    private final DemoDatabase database;
    private final Engine engine;

    private Demo(Path dir, DemoPostgres postgres, DemoDatabase database, Engine engine) {
        this.dir = dir;
        this.postgres = postgres;
        this.database = database;
        this.engine = engine;
    }

    public static Demo start() throws IOException, SQLException {
        Path dir = Files.createTempDirectory("rolegate-demo");
        DemoPostgres pg = DemoPostgres.start(dir.resolve("postgres"));
        try {
            DemoDatabase db = DemoDatabase.create(pg);
            RolegateConfig config = RolegateConfig.defaults()
                    .withListen(ListenConfig.defaults().withPort(0))
                    .withUpstream(new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null));
            Engine engine = new Engine(config, dir.resolve("engine"));
            engine.start();
            return new Demo(dir, pg, db, engine);
        } catch (RuntimeException | SQLException e) {
            pg.close();
            throw e;
        }
    }

    public Engine engine() {
        return engine;
    }

    public DemoPostgres postgres() {
        return postgres;
    }

    public DemoDatabase database() {
        return database;
    }

    public ConnectHint connectHint() {
        return ConnectHint.psql(engine.listenAddress(), database.user(), database.password(), database.database());
    }

    /** Stops the engine (sessions get 57P01), then PostgreSQL, then removes the files. Blocks: call off the UI. */
    @Override
    public void close() throws IOException {
        engine.stop(Duration.ofSeconds(2));
        postgres.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
