package io.rolegate.engine.cli;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** audit verify, audit export and sessions against the data directory of a stopped engine, and a held one. */
class AuditCommandsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void fill() {
        data = dir.resolve("data");
        try (Store store = Store.openDataDirectory(data)) {
            for (int i = 0; i < 6; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "login " + i)
                        .at(T0.plusSeconds(3600L * i)).withUser(user)).join();
            }
            store.sessionHistory().record(new SessionRecord(7, "alice", "uid=alice,dc=example", List.of("app_rw"),
                    "10.0.0.5:5000", "psql", "sales", T0, T0.plusSeconds(95), 1200, 34567, 10, 20, 4,
                    "CLIENT_TERMINATE"));
            store.sessionHistory().record(new SessionRecord(8, "bob", null, List.of(), "10.0.0.6:5001", null,
                    "sales", T0.plusSeconds(3600), T0.plusSeconds(3602), 10, 20, 1, 2, 0, "ADMIN_KILL"));
        }
    }

    private CliRun run(String... args) {
        return CliRun.run(Map.of("ROLEGATE_DATA_DIR", data.toString()), dir.resolve("home"), args);
    }

    @Test
    void verifyReportsTheIntactChainWithItsHead() {
        CliRun r = run("audit", "verify");
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).matches("ok: 6 records, sequences 1\\.\\.6, head hash [0-9a-f]{64}\\n"
                + "note: no checkpoint yet in .*\\n");
    }

    @Test
    void retainKeepsTheNewestAndTheChainStillVerifies() {
        CliRun r = run("audit", "retain", "--keep", "2", "--author", "ops.admin");
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("deleted 4 records through sequence 4");
        CliRun verify = run("audit", "verify");
        assertThat(verify.code).as(verify.toString()).isZero();
        assertThat(run("audit", "retain", "--keep", "0").code).isEqualTo(2);
        assertThat(run("audit", "retain").code).isEqualTo(2);
    }

    @Test
    void verifyNamesTheFirstBrokenLinkAfterAnEdit() throws Exception {
        try (Connection c = TestStores.raw(data)) {
            TestStores.update(c, "UPDATE audit_event SET message = 'nothing to see' WHERE seq = 4");
        }
        CliRun r = run("audit", "verify", "--data-dir", data.toString());
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.out).startsWith("broken at sequence 4 (hash mismatch): ").doesNotContain("chain broken at")
                .contains("checked 3 records");
    }

    @Test
    void verifyOfAMissingStoreFailsWithoutCreatingOne() {
        Path empty = dir.resolve("nothing-here");
        CliRun r = run("audit", "verify", "--data-dir", empty.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("there is no Rolegate store in " + empty);
        assertThat(empty).doesNotExist();
    }

    @Test
    void aDataDirectoryHeldByARunningEngineIsReportedAsSuch() {
        try (Store held = Store.openDataDirectory(data)) {
            CliRun r = run("audit", "verify");
            assertThat(r.code).as(r.toString()).isEqualTo(1);
            assertThat(r.err).contains("is held by a running Rolegate engine", "Stop that engine",
                    "admin endpoint", "/health");
            assertThat(held.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void exportJsonlFiltersByUserAndTime() {
        CliRun r = run("audit", "export", "--format", "jsonl", "--user", "alice",
                "--since", "2026-11-20T11:00:00Z", "--until", "2026-11-20T14:00+01:00");
        assertThat(r.code).as(r.toString()).isZero();
        List<String> lines = r.out.lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("{\"schema\":\"rolegate.audit.v1\",\"eventId\":\"")
                .contains(":3:", ",\"seq\":3,", "\"node\":\"", "\"identity\":{\"user\":\"alice\"",
                        "\"message\":\"login 2\"");
    }

    @Test
    void exportCsvToAPrivateFile() throws Exception {
        Path file = dir.resolve("audit.csv");
        CliRun r = run("audit", "export", "--format", "CSV", "--since", "2026-11-20", "--output", file.toString());
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).isEmpty();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).startsWith("seq,time,type,").endsWith(",hash,node");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void exportNeedsAKnownFormatAndValidTimes() {
        assertThat(run("audit", "export").code).isEqualTo(2);
        CliRun xml = run("audit", "export", "--format", "xml");
        assertThat(xml.code).isEqualTo(2);
        assertThat(xml.err).contains("--format must be jsonl or csv");
        CliRun badTime = run("audit", "export", "--format", "csv", "--since", "yesterday");
        assertThat(badTime.code).isEqualTo(2);
        assertThat(badTime.err).contains("--since \"yesterday\" is not a time");
        assertThat(run("audit", "export", "--format", "csv", "--since", "2026-11-21", "--until", "2026-11-20").err)
                .contains("--since must be before --until");
    }

    @Test
    void sessionsPrintsAnAlignedTableNewestFirst() {
        CliRun r = run("sessions");
        assertThat(r.code).as(r.toString()).isZero();
        List<String> lines = r.out.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ENDED").contains("USER", "BYTES IN", "END REASON", "ROLES");
        assertThat(lines.get(1)).contains("bob", "ADMIN_KILL", "2.0s");
        assertThat(lines.get(2)).contains("alice", "psql", "1m35s", "34567", "CLIENT_TERMINATE", "app_rw");
        int reasonColumn = lines.get(0).indexOf("END REASON");
        assertThat(lines.get(1).indexOf("ADMIN_KILL")).isEqualTo(reasonColumn);
        assertThat(lines.get(2).indexOf("CLIENT_TERMINATE")).isEqualTo(reasonColumn);
    }

    @Test
    void sessionsFiltersAndLimits() {
        assertThat(run("sessions", "--user", "alice").out.lines().toList()).hasSize(2);
        assertThat(run("sessions", "--limit", "1").out.lines().toList()).hasSize(2);
        assertThat(run("sessions", "--user", "carol").out).isEqualTo("no finished sessions match\n");
        assertThat(run("sessions", "--limit", "0").code).isEqualTo(2);
    }

    @Test
    void helpListsTheStoreCommands() {
        CliRun r = run("--help");
        assertThat(r.out).contains("audit verify [--data-dir DIR | --config FILE]", "audit export --format jsonl|csv",
                "sessions [--since T]", "config import --config FILE", "config history", "config diff A B",
                "config rollback N --comment TEXT", "--from-store");
    }

}
