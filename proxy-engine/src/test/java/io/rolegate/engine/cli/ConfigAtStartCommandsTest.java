package io.rolegate.engine.cli;

import io.rolegate.engine.api.Configuration;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.store.StartConfigRecord;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0032 on the command line: {@code config check --config FILE --data-dir DIR} says whether the next start
 * runs the file or the store's latest version (after a real engine start with that file), and
 * {@code config export --from-store --config FILE} reads the PostgreSQL store the file names, while an engine runs
 * on it (it was refused with --config before).
 */
class ConfigAtStartCommandsTest {
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    private CliRun run(String... args) {
        return CliRun.run(env, dir.resolve("home"), args);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private String passthrough(int maxClients, String more) {
        TestPostgres pg = TestPostgres.get();
        return "listen:\n  host: 127.0.0.1\n  port: 0\nupstream:\n  host: " + pg.host() + "\n  port: " + pg.port()
                + "\n  tls: disable\nlimits:\n  maxClientConnections: " + maxClients + "\n" + more;
    }

    private Engine started(Path config, Path dataDir) {
        Engine e = new Engine(Configuration.load(config, env::get), dataDir);
        e.start();
        return e;
    }

    @Test
    void configCheckSaysWhetherTheNextStartRunsTheFileOrTheStoresVersion() throws Exception {
        Path data = dir.resolve("data");
        Path config = file("rolegate.yaml", passthrough(100, ""));
        String dataDir = data.toString();

        CliRun first = run("config", "check", "--config", config.toString(), "--data-dir", dataDir);
        assertThat(first.code).as(first.toString()).isZero();
        assertThat(first.out).startsWith("ok\n").contains("no record of the configuration " + data);

        started(config, data).stop(Duration.ofSeconds(2));
        CliRun unchanged = run("config", "check", "--config", config.toString(), "--data-dir", dataDir);
        assertThat(unchanged.out).contains("the file is unchanged since " + data + " last started with it (version 1"
                + " was in force then): at the next start the store's latest version applies");

        file("rolegate.yaml", passthrough(101, ""));
        CliRun changed = run("config", "check", "--config", config.toString(), "--data-dir", dataDir);
        assertThat(changed.out).contains("the file changed since " + data + " last started with it (version 1 was"
                + " in force then): at the next start it applies and is saved as the newest configuration version");
        // a comment or key order is no change: the record is of the configuration as the engine writes it
        file("rolegate.yaml", "# edited by hand\n" + passthrough(100, ""));
        assertThat(run("config", "check", "--config", config.toString(), "--data-dir", dataDir).out)
                .contains("the file is unchanged");

        Files.writeString(StartConfigRecord.file(data), "version=1\n");
        CliRun damaged = run("config", "check", "--config", config.toString(), "--data-dir", dataDir);
        assertThat(damaged.code).isZero();
        assertThat(damaged.out).contains(StartConfigRecord.file(data) + " is damaged",
                "unless a person saved a version after the last engine start");
    }

    @Test
    void exportFromStoreReadsTheStoreTheFileNamesWhileAnEngineRunsOnIt() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        Path config = file("fleet.yaml", passthrough(77, "store:\n  url: " + url + "\n  user: "
                + TestPostgres.SUPERUSER + "\nfleet:\n  node: edge-1\n"));
        Engine engine = started(config, dir.resolve("node"));
        try {
            CliRun export = run("config", "export", "--from-store", "--config", config.toString());
            assertThat(export.code).as(export.toString()).isZero();
            assertThat(export.out).contains("maxClientConnections: 77", "url: " + url);
            assertThat(export.out).isEqualTo(engine.settings().latestYaml());
        } finally {
            engine.stop(Duration.ofSeconds(2));
        }
        // a file naming no store: --from-store reads the data directory's, which has none here
        Path plain = file("plain.yaml", passthrough(5, ""));
        CliRun none = run("config", "export", "--from-store", "--config", plain.toString(), "--data-dir",
                dir.resolve("empty").toString());
        assertThat(none.code).isEqualTo(1);
        assertThat(none.err).contains("there is no Rolegate store in " + dir.resolve("empty"));
    }
}
