package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.rolegate.engine.testbed.TestStores.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audit verify}, {@code audit export} and {@code sessions} with {@code --config FILE} naming a store that a
 * fleet shares: every node's chain is verified and reported under its name, while the nodes run (reading claims no
 * node name); a tampered record is named with its node; exports and history show the node.
 */
class FleetCommandsTest {
    @TempDir
    Path dir;
    private String url;
    private Path config;

    @BeforeEach
    void fleet() throws Exception {
        url = TestStores.newPostgresSchemaUrl();
        config = dir.resolve("fleet.yaml");
        Files.writeString(config, "store:\n  url: " + url + "\n  user: " + TestPostgres.SUPERUSER + "\n"
                + "fleet:\n  node: edge-1\n");
    }

    private CliRun run(String... args) {
        return CliRun.run(Map.of("ROLEGATE_DATA_DIR", dir.resolve("data").toString()), dir.resolve("home"), args);
    }

    private static void append(Store node, int events) throws Exception {
        for (int i = 0; i < events; i++) {
            node.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, node.node() + " " + i)).get();
        }
    }

    @Test
    void verifyReportsEveryNodesChainWhileTheNodesRunAndNamesATamperedOne() throws Exception {
        try (Store a = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1");
             Store b = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-2")) {
            append(a, 3);
            append(b, 2);
            CliRun ok = run("audit", "verify", "--config", config.toString());
            assertThat(ok.code).as(ok.toString()).isZero();
            assertThat(ok.out).contains("2 audit chains (one per node)")
                    .contains("node edge-1: ok: 3 records, sequences 1..3")
                    .contains("node edge-2: ok: 2 records, sequences 1..2");

            try (Connection raw = DriverManager.getConnection(url, TestPostgres.SUPERUSER, "")) {
                update(raw, "UPDATE audit_event SET user_name = 'mallory' WHERE node = 'edge-2' AND seq = 2");
            }
            CliRun broken = run("audit", "verify", "--config", config.toString());
            assertThat(broken.code).as(broken.toString()).isEqualTo(1);
            assertThat(broken.out).contains("node edge-1: ok: 3 records")
                    .contains("node edge-2: broken at sequence 2 (hash mismatch)");
        }
    }

    @Test
    void exportAndSessionsCoverTheFleetAndShowTheNode() throws Exception {
        Instant t = Instant.parse("2026-12-07T03:00:00Z");
        try (Store a = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1");
             Store b = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-2")) {
            append(a, 2);
            append(b, 1);
            b.sessionHistory().record(new SessionRecord(7, "erin", null, List.of("r"), "10.0.0.2:5000", null, "db",
                    t, t.plusSeconds(3), 0, 0, 0, 0, 0, "CLIENT"));
        }
        Path out = dir.resolve("audit.jsonl");
        CliRun export = run("audit", "export", "--config", config.toString(), "--format", "jsonl", "--output",
                out.toString());
        assertThat(export.code).as(export.toString()).isZero();
        // node by node, each chain in order; the event id and the node field name the chain
        List<String> exported = Files.readAllLines(out);
        assertThat(exported).extracting(line -> line.substring(line.indexOf("\"eventId\":"), line.lastIndexOf(':',
                line.indexOf("\",\"seq\""))))
                .containsExactly("\"eventId\":\"edge-1:1", "\"eventId\":\"edge-1:2", "\"eventId\":\"edge-2:1");
        assertThat(exported)
                .extracting(line -> line.substring(line.indexOf("\"node\":"), line.indexOf(",\"identity\"")))
                .containsExactly("\"node\":\"edge-1\"", "\"node\":\"edge-1\"", "\"node\":\"edge-2\"");

        CliRun sessions = run("sessions", "--config", config.toString());
        assertThat(sessions.code).as(sessions.toString()).isZero();
        List<String> lines = sessions.out.lines().toList();
        assertThat(lines.get(0)).contains("NODE");
        assertThat(lines.get(1)).contains("edge-2").contains("erin");
    }

    @Test
    void aWritingCommandActsAsTheFilesNodeAndIsRefusedWhileThatNodeRuns() throws Exception {
        try (Store a = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1")) {
            append(a, 1);
            CliRun refused = run("audit", "retain", "--config", config.toString(), "--keep", "1");
            assertThat(refused.code).as(refused.toString()).isNotZero();
            assertThat(refused.err).contains("the node name \"edge-1\" is in use")
                    .contains("this command writes as that node");
        }
    }
}
