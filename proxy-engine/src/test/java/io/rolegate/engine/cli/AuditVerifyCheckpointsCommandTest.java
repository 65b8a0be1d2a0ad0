package io.rolegate.engine.cli;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.audit.AuditAnchors;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 7 through the command line: {@code audit verify} on a stopped engine's data directory compares the
 * chain with the checkpoints beside it, and says which checkpoint and which sequences disagree.
 */
class AuditVerifyCheckpointsCommandTest {
    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void engineRanOnce() {
        data = dir.resolve("data");
        try (Store store = Store.openDataDirectory(data)) {
            store.audit().anchorTo(new AuditAnchors(data.resolve(AuditAnchors.FILE_NAME),
                    MasterKey.forDataDirectory(data, name -> null)), "node-a", Duration.ofHours(1));
            for (int i = 0; i < 10; i++) {
                store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "login " + i)
                        .withUser("alice")).join();
            }
        }
    }

    private CliRun run(Map<String, String> env, String... args) {
        return CliRun.run(env, dir.resolve("home"), args);
    }

    private CliRun verify(String... more) {
        return run(Map.of("ROLEGATE_DATA_DIR", data.toString()), concat("audit", "verify", more));
    }

    @Test
    void anUntouchedChainAgreesWithItsCheckpoint() {
        CliRun r = verify();
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("ok: 10 records", "note: 1 checkpoint(s) in " + data.resolve(AuditAnchors.FILE_NAME)
                + " agree with the chain");
    }

    @Test
    void aCutOffTailFailsNamingTheMissingSequencesAndTheCheckpoint() throws Exception {
        truncateAfter(6);
        CliRun r = verify();
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.out).startsWith("broken at sequence 7 (truncated): records 7 to 10 are missing: the checkpoint"
                + " on line 1 of " + data.resolve(AuditAnchors.FILE_NAME)).contains("by node-a");
    }

    @Test
    void aForgedCheckpointFails() throws Exception {
        Path file = data.resolve(AuditAnchors.FILE_NAME);
        Files.writeString(file, Files.readString(file).replace("\"node\":\"node-a\"", "\"node\":\"node-b\""));
        CliRun r = verify();
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.out).startsWith("checkpoint forged: the checkpoint on line 1 of ").contains("wrong MAC");
    }

    @Test
    void checkpointsElsewhereAreFoundByOptionOrEnvironment() throws Exception {
        Path shipped = Files.move(data.resolve(AuditAnchors.FILE_NAME), dir.resolve("shipped-anchors.jsonl"));
        truncateAfter(9);
        CliRun byOption = verify("--anchors", shipped.toString());
        assertThat(byOption.code).as(byOption.toString()).isEqualTo(1);
        assertThat(byOption.out).contains("(truncated): record 10 is missing");
        CliRun byEnv = run(Map.of("ROLEGATE_DATA_DIR", data.toString(), AuditAnchors.ENV, shipped.toString()),
                "audit", "verify");
        assertThat(byEnv.code).as(byEnv.toString()).isEqualTo(1);
        assertThat(byEnv.out).contains("(truncated)");
    }

    @Test
    void aDataDirectoryFromBeforeCheckpointsPassesWithANote() throws Exception {
        Files.delete(data.resolve(AuditAnchors.FILE_NAME));
        Files.delete(data.resolve(MasterKey.DATA_DIR_FILE));
        CliRun r = verify();
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("ok: 10 records", "note: no checkpoint yet in ");
        assertThat(data.resolve(MasterKey.DATA_DIR_FILE)).as("verify creates no key").doesNotExist();
    }

    @Test
    void checkpointsWithoutTheMasterKeyCannotBeCheckedAndSaySo() throws Exception {
        Files.delete(data.resolve(MasterKey.DATA_DIR_FILE));
        CliRun r = verify();
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).contains("no master key", MasterKey.ENV);
    }

    private void truncateAfter(long sequence) throws Exception {
        try (Connection c = TestStores.raw(data)) {
            TestStores.update(c, "DELETE FROM audit_event WHERE seq > " + sequence);
        }
    }

    private static String[] concat(String a, String b, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(a, b));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
