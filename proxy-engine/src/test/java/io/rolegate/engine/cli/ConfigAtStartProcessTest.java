package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.EngineProcess;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0032 through the real runner, across JVMs: {@code rolegate-proxy --config FILE} started, stopped with
 * SIGTERM; a DBA imports a mapping change into the stopped engine's store ({@code config import}); {@code config
 * check} in another JVM finds the file unchanged (the record's digest is the same in every JVM: sets are written
 * sorted); the runner started again with the same file runs the DBA's version, and a pgjdbc login gets its roles.
 */
class ConfigAtStartProcessTest {
    @TempDir
    Path dir;
    TestDirectory ldap;
    EngineProcess engine;

    @BeforeEach
    void directory() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        ldap.close();
    }

    private Path file(String name, List<Mapping> mappings) throws Exception {
        TestPostgres pg = TestPostgres.get();
        RolegateConfig base = RolegateConfig.defaults().withListen(ListenConfig.defaults().withPort(0))
                .withUpstream(new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null));
        RolegateConfig c = DirectoryProxies.directoryMode(ldap, mappings, false).apply(base);
        c = c.withDirectory(c.directory().toBuilder().watch(WatchMode.POLL).pollInterval(Duration.ofMillis(500))
                .build());
        return Files.writeString(dir.resolve(name), ConfigWriter.toYaml(c));
    }

    private CliRun cli(String... args) {
        return CliRun.run(Map.of(ConfigWriter.LDAP_PASSWORD_VARIABLE, TestDirectory.SERVICE_PASSWORD,
                ConfigWriter.ADMIN_PASSWORD_VARIABLE, TestPostgres.PASSWORD), dir.resolve("home"), args);
    }

    private Set<String> bobsRoles() throws Exception {
        Properties p = DirectoryProxies.tls();
        p.setProperty("user", "bob");
        p.setProperty("password", TestDirectory.password("bob"));
        p.setProperty("loginTimeout", "60");
        try (Connection bob = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + engine.port() + "/"
                + TestPostgres.DATABASE, p)) {
            return DirectoryProxies.roles(bob);
        }
    }

    private void stopEngine() throws InterruptedException {
        engine.sigterm();
        assertThat(engine.exitCode(Duration.ofSeconds(60))).as(engine.text()).isIn(0, 143); // 143: the JVM ends by SIGTERM
        engine = null;
    }

    @Test
    void aVersionImportedWhileStoppedRunsAfterARestartWithTheUnchangedFile() throws Exception {
        Path data = dir.resolve("data");
        Path config = file("rolegate.yaml", DirectoryProxies.MAPPINGS);
        engine = EngineProcess.start(config, data);
        engine.awaitLine("first start on an empty store: saved as version 1");
        assertThat(bobsRoles()).contains("analyst_role");
        stopEngine();

        Path change = file("change.yaml", DirectoryProxies.MAPPINGS.stream()
                .filter(m -> !m.groupDn().equals(TestDirectory.groupDn("analysts"))).toList());
        CliRun imported = cli("config", "import", "--config", change.toString(), "--data-dir", data.toString(),
                "--author", "dba1", "--comment", "analysts lose analyst_role");
        assertThat(imported.code).as(imported.toString()).isZero();
        CliRun check = cli("config", "check", "--config", config.toString(), "--data-dir", data.toString());
        assertThat(check.out).as("another JVM computes the same digest").contains("the file is unchanged since "
                + data + " last started with it (version 1 was in force then)");

        engine = EngineProcess.start(config, data);
        engine.awaitLine("configuration file unchanged since last start: the store's version 2 (by dba1) applies");
        assertThat(bobsRoles()).doesNotContain("analyst_role").contains("readonly_role");
        stopEngine();
        CliRun history = cli("config", "history", "--data-dir", data.toString());
        assertThat(history.out.lines().count()).as(history.out).isEqualTo(3); // header, versions 2 and 1
    }
}
