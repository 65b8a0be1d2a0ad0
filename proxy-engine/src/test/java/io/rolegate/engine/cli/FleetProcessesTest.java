package io.rolegate.engine.cli;

import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.ProcessOutput;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engines of a fleet as a user runs them: separate {@code java} processes on one PostgreSQL store. A second engine
 * with a live node's name stops at start naming the first (its pid); once the first is killed with -9 the name is
 * free again; and {@code audit verify --config FILE} finds every node's chain intact, the killed one's included.
 */
@Tag("faults") // four engine JVMs: about a minute on a busy two-core machine
class FleetProcessesTest {
    @TempDir
    Path dir;
    private final List<Process> engines = new ArrayList<>();

    @AfterEach
    void stop() {
        engines.forEach(Process::destroyForcibly);
    }

    private Path config(String url, String node) throws Exception {
        TestPostgres pg = TestPostgres.get();
        RolegateConfig c = RolegateConfig.defaults().withListen(ListenConfig.defaults().withPort(0))
                .withUpstream(new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null))
                .withStore(new StoreConfig(url, TestPostgres.SUPERUSER, Secret.empty()));
        Path file = dir.resolve(node + ".yaml");
        // fleet.node is the engine's own: written by hand, as an operator does
        Files.writeString(file, ConfigWriter.toYaml(c) + "fleet:\n  node: " + node + "\n");
        return file;
    }

    /** Starts the CLI's main class in its own JVM, serving {@code config}. */
    private ProcessOutput start(Path config, Path dataDir) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", config.toString(), "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        engines.add(p);
        return ProcessOutput.follow(p);
    }

    /** Waits for the engine to listen and returns its port. */
    private static int awaitListening(ProcessOutput output) throws InterruptedException {
        Matcher m = Eventually.within(Duration.ofSeconds(120), () -> "\"listening on\" in:\n" + output.text(),
                () -> Pattern.compile("listening on [^:]+:(\\d+)").matcher(output.text()), Matcher::find);
        return Integer.parseInt(m.group(1));
    }

    /** A passthrough login through the node and a statement: the node audits it in its own chain. */
    private static void login(int port) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/"
                + TestPostgres.DATABASE + "?sslmode=disable", TestPostgres.SCRAM_USER, TestPostgres.PASSWORD);
             Statement st = c.createStatement()) {
            st.execute("select 1");
        }
    }

    @Test
    void aLiveNodesNameIsRefusedAndFreedByKillMinus9() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        Path edge1 = config(url, "edge-1");
        login(awaitListening(start(edge1, dir.resolve("data-1"))));
        Process one = engines.get(0);

        ProcessOutput second = start(edge1, dir.resolve("data-2"));
        Process two = engines.get(1);
        assertThat(two.waitFor(90, TimeUnit.SECONDS)).as(second.text()).isTrue();
        assertThat(two.exitValue()).as(second.text()).isNotZero();
        assertThat(second.text()).contains("the node name \"edge-1\" is in use")
                .contains("pid " + one.pid())
                .contains("set fleet.node");

        login(awaitListening(start(config(url, "edge-2"), dir.resolve("data-3"))));

        one.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, the connection holding the name just dies
        assertThat(one.waitFor(30, TimeUnit.SECONDS)).isTrue();
        login(awaitListening(start(edge1, dir.resolve("data-1")))); // the same node continues its chain

        CliRun verify = CliRun.run(Map.of("ROLEGATE_DATA_DIR", dir.resolve("data-cli").toString()),
                dir.resolve("home"), "audit", "verify", "--config", edge1.toString());
        assertThat(verify.code).as(verify.toString()).isZero();
        assertThat(verify.out).contains("2 audit chains (one per node)").contains("node edge-1: ok:")
                .contains("node edge-2: ok:");
    }
}
