package io.rolegate.engine.session;

import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** libpq's own tools through the proxy: psql (plain and TLS) and pgbench (simple and prepared). */
class CommandLineClientsTest {
    @TempDir
    static Path dataDir;
    static TestProxy proxy;

    @BeforeAll
    static void start() {
        proxy = TestProxy.start(dataDir, c -> c.withListen(ListenConfig.defaults().withPort(0)
                .withTls(new ListenTlsConfig(ListenTlsMode.OPTIONAL, null, null, true))));
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    record Result(int exit, String output) {
    }

    private static Path tool(String name) {
        for (String dir : new String[]{"/usr/bin", TestPostgres.findBin().toString()}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(name + " is not installed: apt-get install postgresql-client (.ci/run does)");
    }

    private static Result run(String user, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.set(0, tool(command.get(0)).toString());
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", TestPostgres.PASSWORD);
        pb.environment().put("PGHOST", "127.0.0.1");
        pb.environment().put("PGPORT", String.valueOf(proxy.port()));
        pb.environment().put("PGUSER", user);
        pb.environment().put("PGDATABASE", TestPostgres.DATABASE);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void psqlRunsQueriesAndSeesItsOwnUser() throws Exception {
        Result r = run(TestPostgres.SCRAM_USER, List.of("psql", "-X", "-At", "-v", "ON_ERROR_STOP=1",
                "-c", "select current_user", "-c", "select count(*) from generate_series(1, 100000)",
                "-c", "\\copy (select g from generate_series(1,3) g) to stdout"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().lines()).containsExactly(TestPostgres.SCRAM_USER, "100000", "1", "2", "3");
    }

    @Test
    void psqlOverTlsWithSslmodeRequire() throws Exception {
        Result r = run(TestPostgres.SCRAM_USER, List.of("psql", "-X", "-At",
                "sslmode=require", "-c", "select 'over tls'"));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo("over tls");
    }

    @Test
    void psqlReportsTheServersErrorAndExitCode() throws Exception {
        Result r = run(TestPostgres.SCRAM_USER, List.of("psql", "-X", "-At", "-v", "ON_ERROR_STOP=1",
                "-c", "select * from no_such_table"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("relation \"no_such_table\" does not exist");
    }

    @Test
    void pgbenchSimpleAndPreparedWithoutFailures() throws Exception {
        Result init = run(TestPostgres.SCRAM_USER, List.of("pgbench", "-i", "-s", "1", "-q"));
        assertThat(init.exit()).as(init.output()).isZero();
        for (String mode : List.of("simple", "extended", "prepared")) {
            Result r = run(TestPostgres.SCRAM_USER, List.of("pgbench", "-n", "-c", "4", "-j", "2", "-t", "250",
                    "-M", mode));
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains("number of transactions actually processed: 1000/1000");
        }
    }
}
