package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.config.RecordingConfig;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestAdminApi;
import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code admin trace}, {@code admin recordings} and {@code admin recording} in-process against a real engine's admin
 * API over real TLS: carol audits, bob only looks, alice's sessions are recorded (data-team).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminTraceCommandTest {
    @TempDir
    static Path dir;
    ConsoleProxy proxy;
    TestAdminApi api;

    @BeforeAll
    void start() throws Exception {
        RecordingConfig record = new RecordingConfig(List.of(TestDirectory.groupDn("data-team")), List.of());
        proxy = ConsoleProxy.withAuditors(dir.resolve("data"), c -> c.withAccess(c.access().withRecording(record)));
        api = TestAdminApi.start(proxy.engine(), dir.resolve("certs"));
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private CliRun admin(String user, String... words) {
        return CliRun.asConsoleUser(dir, api.caFile(), user, words);
    }


    private CliRun loggedIn(String user) {
        CliRun login = admin(user, "admin", "login", "--url", api.url());
        assertThat(login.code).as(login.toString()).isZero();
        return login;
    }

    private long sessionOf(String user) {
        return proxy.engine().sessions().stream().filter(s -> s.user().equals(user)).reduce((a, b) -> b)
                .orElseThrow().id();
    }

    @Test
    void anAuditorTracesASessionToAJsonLinesFileAndAsATable() throws Exception {
        loggedIn("carol");
        try (Connection alice = proxy.session("alice"); Statement s = alice.createStatement()) {
            String id = Long.toString(sessionOf("alice"));
            CompletableFuture<CliRun> toFile = CompletableFuture.supplyAsync(() -> admin("carol", "admin", "trace",
                    id, "--max-messages", "8", "--for", "5m", "--out", dir.resolve("trace.jsonl").toString()));
            Eventually.within(Duration.ofSeconds(60), "the trace runs",
                    () -> proxy.engine().traces().running(Long.parseLong(id)).isPresent());
            CliRun busy = admin("carol", "admin", "trace", id, "--for", "10s");
            assertThat(busy.code).isEqualTo(1);
            assertThat(busy.err).contains("already being traced (by carol)");
            // the engine lists the trace a moment before its tap is on the relay: query until the trace ends
            for (int i = 0; !toFile.isDone(); i++) {
                s.execute("select " + i + " as traced_by_cli");
                Thread.sleep(50);
            }
            CliRun done = toFile.get(120, TimeUnit.SECONDS);
            assertThat(done.code).as(done.toString()).isZero();
            assertThat(done.err).contains("message limit (8 lines)").contains("written to");
            Path file = dir.resolve("trace.jsonl");
            assertThat(Files.readAllLines(file)).hasSize(8).allSatisfy(l -> assertThat(l).startsWith("{\"seq\":"));
            assertThat(Files.readString(file)).contains("traced_by_cli");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            CompletableFuture<CliRun> table = CompletableFuture.supplyAsync(() -> admin("carol", "admin", "trace",
                    id, "--for", "3s"));
            Eventually.within(Duration.ofSeconds(60), "the second trace runs",
                    () -> proxy.engine().traces().running(Long.parseLong(id)).isPresent());
            while (!table.isDone()) {
                assertThatThrownBy(() -> s.execute("select 1/0")).isInstanceOf(SQLException.class);
                Thread.sleep(200);
            }
            CliRun printed = table.get(120, TimeUnit.SECONDS);
            assertThat(printed.code).as(printed.toString()).isZero();
            assertThat(printed.out).startsWith("   SEQ").contains("Query").contains("ErrorResponse")
                    .contains("22012");
            assertThat(printed.err).contains("time limit");
        }
    }

    @Test
    void clearErrorsForNoSuchSessionANonAuditorAndBadBounds() {
        loggedIn("carol");
        CliRun missing = admin("carol", "admin", "trace", "999999", "--for", "2s");
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("session 999999 is not a live session");
        assertThat(admin("carol", "admin", "trace", "1", "--for", "soon").err).contains("not a duration");
        assertThat(admin("carol", "admin", "trace", "1", "--max-messages", "0").err).contains("at least 1");

        loggedIn("bob");
        CliRun bobTraces = admin("bob", "admin", "trace", "1", "--for", "2s");
        assertThat(bobTraces.code).isEqualTo(1);
        assertThat(bobTraces.err).contains("refused").contains("bob is no auditor");
        CliRun bobSearches = admin("bob", "admin", "recordings");
        assertThat(bobSearches.code).isEqualTo(1);
        assertThat(bobSearches.err).contains("refused").contains("bob is no auditor");
        assertThat(proxy.engine().traces().running(1)).isEmpty();
    }

    @Test
    void anAuditorSearchesRecordingsAndPrintsOneAndExportsIt() throws Exception {
        try (Connection alice = proxy.session("alice"); Statement s = alice.createStatement()) {
            s.execute("create temp table cli_ledger (id int)");
            s.executeUpdate("insert into cli_ledger values (1), (2)");
            assertThatThrownBy(() -> s.execute("select * from cli_nothing")).isInstanceOf(SQLException.class);
        }
        var carol = ConsoleProxy.login(proxy.engine(), "carol");
        Eventually.within(Duration.ofSeconds(60), "the recording was written", () -> proxy.engine().recordings()
                .search(RecordingQuery.all().text("cli_ledger"), carol).stream().anyMatch(r -> !r.live()));
        Recording r = proxy.engine().recordings().search(RecordingQuery.all().text("cli_ledger"), carol).get(0);
        loggedIn("carol");
        CliRun found = admin("carol", "admin", "recordings", "--user", "alice", "--text", "cli_ledger",
                "--sqlstate", "42P01", "--role", "dba_role");
        assertThat(found.code).as(found.toString()).isZero();
        assertThat(found.out).startsWith("RECORDING").contains("alice");
        assertThat(found.out.lines().count()).isEqualTo(2);
        CliRun none = admin("carol", "admin", "recordings", "--text", "cli_ledger", "--sqlstate", "23505");
        assertThat(none.out).contains("no recordings match");

        CliRun shown = admin("carol", "admin", "recording", Long.toString(r.id()));
        assertThat(shown.code).as(shown.toString()).isZero();
        assertThat(shown.out).contains("session " + r.sessionId() + " of alice").contains("INSERT 0 2")
                .contains("42P01").contains("insert into cli_ledger");
        Path file = dir.resolve("recording.jsonl");
        CliRun exported = admin("carol", "admin", "recording", Long.toString(r.id()), "--out", file.toString());
        assertThat(exported.code).as(exported.toString()).isZero();
        assertThat(Files.readAllLines(file).get(0)).startsWith("{\"kind\":\"recording\"");
        assertThat(Files.readString(file)).contains("\"command\":\"INSERT 0 2\"").contains("\"rows\":2");
        assertThat(admin("carol", "admin", "recording", "999999").err).contains("there is no recording 999999");
    }
}
