package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.VerifyResult;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 7, "tampering shows": an intruder with write access to the H2 file (but not the master key) cuts
 * off the tail of the audit chain, or rewrites a record and re-hashes everything after it so the chain still links
 * up. The chain alone cannot tell (asserted first, as it was before checkpoints); the checkpoints kept outside the
 * store can. A forged checkpoint is reported too, and a data directory from before checkpoints verifies with a note.
 */
class AuditTamperingTest {
    private static final Duration NEVER_DURING_THE_TEST = Duration.ofHours(1);

    @TempDir
    Path data;
    AuditAnchors anchors;

    @BeforeEach
    void key() {
        anchors = new AuditAnchors(data.resolve(AuditAnchors.FILE_NAME),
                MasterKey.createKeyFile(data.resolve("master.key")));
    }

    @Test
    void aCutOffTailIsReportedWithTheCheckpointThatSawIt() throws Exception {
        runEngine(10);
        try (Connection c = TestStores.raw(data)) {
            TestStores.update(c, "DELETE FROM audit_event WHERE seq > 7");
        }

        try (Store store = Store.openDataDirectory(data)) {
            assertThat(store.audit().verify().intact()).as("the chain alone still looks whole").isTrue();

            VerifyResult result = store.audit().verify(anchors);

            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).isEqualTo(VerifyResult.Problem.TRUNCATED);
            assertThat(result.brokenAt()).isEqualTo(8);
            assertThat(result.description()).contains("records 8 to 10 are missing", "line 1 of " + anchors.file(),
                    "sequence 10", "it now ends at sequence 7");
        }
    }

    @Test
    void everyRecordDeletedIsATruncationToo() throws Exception {
        runEngine(3);
        try (Connection c = TestStores.raw(data)) {
            TestStores.update(c, "DELETE FROM audit_event");
        }
        try (Store store = Store.openDataDirectory(data)) {
            VerifyResult result = store.audit().verify(anchors);
            assertThat(result.problem()).isEqualTo(VerifyResult.Problem.TRUNCATED);
            assertThat(result.description()).contains("records 1 to 3 are missing");
        }
    }

    @Test
    void aRewrittenAndRehashedRecordIsReportedAtTheFirstCheckpointAfterIt() throws Exception {
        try (Store store = Store.openDataDirectory(data)) {
            store.audit().anchorTo(anchors, "node-a", NEVER_DURING_THE_TEST);
            append(store, 5);
            store.audit().checkpoint();
            append(store, 5);
        }
        rewriteAndRehash(8, "alice logged in"); // after the checkpoint at 5, before the shutdown one at 10

        try (Store store = Store.openDataDirectory(data)) {
            assertThat(store.audit().verify().intact()).as("the re-hashed chain links up").isTrue();

            VerifyResult result = store.audit().verify(anchors);

            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).isEqualTo(VerifyResult.Problem.CHECKPOINT_DIFFERS);
            assertThat(result.brokenAt()).isEqualTo(10);
            assertThat(result.description()).contains("record 10 has hash", "line 2 of", "by node-a",
                    "records 6 to 10 were rewritten");
        }
    }

    @Test
    void aTruncatedChainWrittenAnewByTheEngineStillDisagreesWithTheOldCheckpoint() throws Exception {
        runEngine(10);
        try (Connection c = TestStores.raw(data)) {
            TestStores.update(c, "DELETE FROM audit_event WHERE seq > 7");
        }
        runEngine(3); // the engine starts again, checkpoints the cut chain and appends 8 to 10 afresh

        try (Store store = Store.openDataDirectory(data)) {
            VerifyResult result = store.audit().verify(anchors);
            assertThat(result.problem()).isEqualTo(VerifyResult.Problem.CHECKPOINT_DIFFERS);
            assertThat(result.brokenAt()).isEqualTo(10);
        }
    }

    @Test
    void aForgedCheckpointIsReported() throws Exception {
        runEngine(10);
        try (Connection c = TestStores.raw(data)) {
            TestStores.update(c, "DELETE FROM audit_event WHERE seq > 7");
        }
        // the intruder moves the last checkpoint back to the cut chain's head, keeping the old MAC
        List<String> lines = Files.readAllLines(anchors.file());
        String last = lines.get(lines.size() - 1);
        String head7;
        try (Store store = Store.openDataDirectory(data)) {
            head7 = store.audit().verify().headHash();
        }
        String forged = last.replaceFirst("\"seq\":10", "\"seq\":7").replaceFirst("\"head\":\"[0-9a-f]{64}\"",
                "\"head\":\"" + head7 + "\"");
        lines.set(lines.size() - 1, forged);
        Files.write(anchors.file(), lines);

        try (Store store = Store.openDataDirectory(data)) {
            VerifyResult result = store.audit().verify(anchors);
            assertThat(result.problem()).isEqualTo(VerifyResult.Problem.CHECKPOINT_FORGED);
            assertThat(result.description()).contains("line 1 of", "wrong MAC", "sequence 7");
        }
    }

    @Test
    void aCheckpointSignedWithAnotherKeyOrUnreadableIsReported() throws Exception {
        runEngine(2);
        Path otherKeyDir = Files.createDirectory(data.resolve("elsewhere"));
        AuditAnchors intruder = new AuditAnchors(anchors.file(), MasterKey.createKeyFile(otherKeyDir.resolve("k")));
        try (Store store = Store.openDataDirectory(data)) {
            intruder.write(2, store.audit().verify().headHash(), "node-a", Instant.now());
            assertThat(store.audit().verify(anchors).problem()).isEqualTo(VerifyResult.Problem.CHECKPOINT_FORGED);
        }
        Files.writeString(anchors.file(), "{\"seq\": \"lots\"}\n", StandardOpenOption.TRUNCATE_EXISTING);
        try (Store store = Store.openDataDirectory(data)) {
            VerifyResult result = store.audit().verify(anchors);
            assertThat(result.problem()).isEqualTo(VerifyResult.Problem.CHECKPOINT_FORGED);
            assertThat(result.description()).contains("line 1 of", "cannot be read");
        }
    }

    @Test
    void aDataDirectoryFromBeforeCheckpointsVerifiesWithANoteThenGetsItsFirst() throws Exception {
        try (Store store = Store.openDataDirectory(data)) {
            append(store, 4);
        }
        try (Store store = Store.openDataDirectory(data)) {
            VerifyResult result = store.audit().verify(anchors);
            assertThat(result.intact()).isTrue();
            assertThat(result.notes()).singleElement().asString().startsWith("no checkpoint yet in " + anchors.file());

            store.audit().anchorTo(anchors, "node-a", NEVER_DURING_THE_TEST);
            VerifyResult anchored = store.audit().verify();
            assertThat(anchored.intact()).isTrue();
            assertThat(anchored.notes()).singleElement().asString().contains("1 checkpoint(s)", "sequence 4");
        }
        assertThat(Files.readAllLines(anchors.file(), StandardCharsets.UTF_8)).hasSize(1);
    }

    @Test
    void theShutdownCheckpointNamesTheLastCommittedRecordAndAnIdleChainAddsNone() throws Exception {
        runEngine(3);
        runEngine(0);
        List<String> lines = Files.readAllLines(anchors.file());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("{\"seq\":3,\"head\":\"").contains("\"node\":\"node-a\"");
    }

    @Test
    void checkpointsOlderThanARetentionCutAreNotComparedButNoted() throws Exception {
        try (Store store = Store.openDataDirectory(data)) {
            store.audit().anchorTo(anchors, "node-a", NEVER_DURING_THE_TEST);
            append(store, 5);
            store.audit().checkpoint();
            append(store, 5);
            store.audit().retainNewest(3, "ops").get();
            VerifyResult result = store.audit().verify();
            assertThat(result.intact()).as(result.description()).isTrue();
            assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("older than the oldest kept record"));
        }
    }

    /** An engine's life as the store sees it: anchored at open, {@code events} appended, closed. */
    private void runEngine(int events) throws Exception {
        try (Store store = Store.openDataDirectory(data)) {
            store.audit().anchorTo(anchors, "node-a", NEVER_DURING_THE_TEST);
            append(store, events);
        }
    }

    private static void append(Store store, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "login " + i).withUser("u" + i)).get();
        }
    }

    /** Changes one record's message and recomputes every hash from it on, as an intruder who read the code would. */
    private void rewriteAndRehash(long sequence, String message) throws Exception {
        List<AuditRecord> records;
        try (Store store = Store.openDataDirectory(data)) {
            records = store.audit().query(AuditQuery.all());
        }
        try (Connection c = TestStores.raw(data);
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE audit_event SET message = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
            String previous = records.get((int) sequence - 2).hash();
            for (AuditRecord r : records.subList((int) sequence - 1, records.size())) {
                AuditEvent e = r.event();
                AuditEvent changed = r.sequence() == sequence ? new AuditEvent(e.type(), e.time(), e.actor(),
                        e.user(), e.sessionId(), e.clientAddress(), e.sqlstate(), message, e.details()) : e;
                String hash = AuditChain.hash(previous, r.sequence(), changed);
                ps.setString(1, changed.message());
                ps.setString(2, previous);
                ps.setString(3, hash);
                ps.setLong(4, r.sequence());
                ps.executeUpdate();
                previous = hash;
            }
        }
    }
}
