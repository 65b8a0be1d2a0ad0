package io.rolegate.engine.cli;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runnable jar as an operator starts it: YAML in, psql and pgjdbc through it, SIGTERM to stop. */
class HeadlessJarIT {
    @TempDir
    Path dir;

    private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
    private final StringBuilder all = new StringBuilder();

    private Process start(Path config) throws Exception {
        String jar = System.getProperty("rolegate.jar");
        assertThat(Path.of(jar)).as("the runnable jar is built before integration tests").exists();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "--config", config.toString(), "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (all) {
                        all.append(line).append('\n');
                    }
                    log.add(line);
                }
            } catch (java.io.IOException e) {
                log.add("reader failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private String awaitLine(String contains) throws InterruptedException {
        return Eventually.within(Duration.ofSeconds(30),
                () -> "a log line containing \"" + contains + "\"; output so far:\n" + output(),
                () -> log.poll(200, TimeUnit.MILLISECONDS), line -> line != null && line.contains(contains));
    }

    private String output() {
        synchronized (all) {
            return all.toString();
        }
    }

    @Test
    void servesPgjdbcAndPsqlThenStopsCleanlyOnSigterm() throws Exception {
        TestPostgres pg = TestPostgres.get();
        Path config = dir.resolve("rolegate.yaml");
        Files.writeString(config, String.join("\n",
                "listen:",
                "  host: 127.0.0.1",
                "  port: 0",
                "  tls:",
                "    mode: optional",
                "    selfSigned: true",
                "upstream:",
                "  host: localhost",
                "  port: " + pg.port(),
                "  tls: verify-full",
                "  rootCert: " + pg.caCertificate(),
                "auth:",
                "  mode: passthrough",
                "limits:",
                "  shutdownGrace: 1s",
                ""));
        Process proxy = start(config);
        try {
            Matcher m = Pattern.compile("listening on [^:]+:(\\d+)").matcher(awaitLine("listening on"));
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));

            Path pass = dir.resolve("pgpass");
            Files.writeString(pass, "*:*:*:" + TestPostgres.MD5_USER + ":" + TestPostgres.PASSWORD + "\n");
            Files.setPosixFilePermissions(pass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-At", "-c", "select current_user",
                    "host=127.0.0.1 port=" + port + " user=" + TestPostgres.MD5_USER + " dbname="
                            + TestPostgres.DATABASE + " sslmode=require").redirectErrorStream(true);
            pb.environment().put("PGPASSFILE", pass.toString());
            Process psql = pb.start();
            String psqlOut = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(psql.waitFor()).as(psqlOut).isZero();
            assertThat(psqlOut.strip()).isEqualTo(TestPostgres.MD5_USER);
            awaitLine("ended: user=" + TestPostgres.MD5_USER + " reason=client-terminate");

            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/"
                    + TestPostgres.DATABASE + "?sslmode=disable", TestPostgres.SCRAM_USER, TestPostgres.PASSWORD);
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("upstream hop encrypted (verify-full)").isTrue();
                }
                awaitLine("started: user=" + TestPostgres.SCRAM_USER);
                // SIGTERM through the handle: Process.destroy() would also close our end of its output
                proxy.toHandle().destroy();
                awaitLine("stopping");
                PSQLException seen = Eventually.lastWithin(Duration.ofSeconds(10), () -> {
                    try {
                        s.execute("select 1");
                        return null;
                    } catch (PSQLException e) {
                        return e;
                    }
                }, java.util.Objects::nonNull);
                assertThat((Object) seen).as("the live session was ended by the shutdown").isNotNull();
                assertThat(seen.getSQLState()).isEqualTo("57P01");
            }
            assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(proxy.exitValue()).as(output()).isIn(0, 143);
            assertThat(output()).contains("reason=shutdown").doesNotContain(TestPostgres.PASSWORD);
        } finally {
            proxy.destroyForcibly();
        }
    }

    /** kill -9 right after a burst of logins: every login a client saw succeed is in the audit after restart. */
    @Test
    void noGrantedLoginIsLostToKillMinus9() throws Exception {
        TestPostgres pg = TestPostgres.get();
        Path config = dir.resolve("rolegate.yaml");
        Files.writeString(config, "listen: {port: 0}\nupstream: {host: 127.0.0.1, port: " + pg.port()
                + ", tls: disable}\n");
        Process proxy = start(config);
        int succeeded = 0;
        try {
            Matcher m = Pattern.compile("listening on [^:]+:(\\d+)").matcher(awaitLine("listening on"));
            assertThat(m.find()).isTrue();
            String url = "jdbc:postgresql://127.0.0.1:" + m.group(1) + "/" + TestPostgres.DATABASE + "?sslmode=disable";
            for (int i = 0; i < 40; i++) {
                try (Connection c = DriverManager.getConnection(url, TestPostgres.SCRAM_USER, TestPostgres.PASSWORD)) {
                    succeeded++; // the client saw AuthenticationOk
                }
            }
            proxy.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            proxy.destroyForcibly();
        }
        try (Store store = Store.openDataDirectory(dir.resolve("data"))) {
            List<AuditRecord> logins = store.audit().query(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED)
                    .limit(1000));
            assertThat(logins).hasSize(succeeded);
            assertThat(store.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void aBadConfigFileListsEveryProblemAndExits2() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, String.join("\n",
                "listen:",
                "  port: 70000",
                "  tsl: {}",
                "upstream:",
                "  tls: sometimes",
                ""));
        Process p = start(config);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String out = output();
        for (String expected : List.of("line 2", "listen.port", "line 3", "tsl", "line 5", "upstream.tls")) {
            assertThat(out).contains(expected);
        }
    }
}
