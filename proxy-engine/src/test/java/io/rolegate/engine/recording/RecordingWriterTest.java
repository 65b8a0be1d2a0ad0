package io.rolegate.engine.recording;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.api.model.RetentionResult;
import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.session.FinishedStatement;
import io.rolegate.engine.session.RecordingSink;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.recording.RecordingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recording writer against a real H2 store: a store that falls behind makes the queue drop and count (on the
 * recording and in the audit) instead of holding up whoever offers; and retention cuts recordings with the audit.
 */
class RecordingWriterTest {
    @TempDir
    Path dataDir;

    @Test
    @Timeout(120) // a writer that blocked the offering thread would hang here, never reaching the gate's opening
    void aStoreThatFallsBehindMakesTheQueueDropAndCountRatherThanBlock() throws Exception {
        try (Store store = Store.openDataDirectory(dataDir)) {
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch waiting = new CountDownLatch(1);
            RecordingStore slow = new RecordingStore(() -> {
                waiting.countDown();
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new java.sql.SQLException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return store.connections().open();
            });
            RecordingWriter writer = new RecordingWriter(slow, store.audit(), 10);
            writer.start();
            RecordingWriter.Handle h = writer.open(opening(Instant.now()), CaptureMode.REDACTED, () -> 0);
            RecordingSink sink = writer.sink(h);
            sink.statement(statement(Instant.now(), "select 0"));
            // the writer took the first batch and now waits on the store
            assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the writer reached the store").isTrue();

            for (int i = 1; i <= 25; i++) {
                sink.statement(statement(Instant.now(), "select " + i));
            }

            assertThat(writer.dropped()).isEqualTo(15);
            assertThat(writer.queueDepth()).isEqualTo(10);
            writer.close(h, Instant.now());
            gate.countDown();
            writer.close();

            List<Recording> recordings = store.recordings().search().find(RecordingQuery.all());
            assertThat(recordings).singleElement().satisfies(r -> {
                assertThat(r.statements()).isEqualTo(11);
                assertThat(r.dropped()).isEqualTo(15);
                assertThat(r.live()).isFalse();
            });
            assertThat(store.recordings().search().statements(recordings.get(0).id()))
                    .extracting(RecordedStatement::ordinal).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L,
                            10L, 11L);
            // the drop is audited through the audit writer's queue: wait for its commit, not for a fixed time
            var dropped = io.rolegate.engine.testbed.Eventually.within(java.time.Duration.ofSeconds(20),
                    "the drop is audited", () -> store.audit().query(
                            AuditQuery.all().type(AuditEventType.RECORDING_DROPPED)), list -> !list.isEmpty());
            assertThat(dropped).singleElement()
                    .satisfies(e -> assertThat(e.event().details()).contains("\"dropped\":15"));
        }
    }

    @Test
    void auditRetentionCutsRecordingsOlderThanTheCutAndKeepsNewerOnes() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(40));
        Instant recent = Instant.now().minus(Duration.ofMinutes(5));
        try (Store store = Store.openDataDirectory(dataDir)) {
            store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "old login").at(old)).get();
            store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "new login").at(recent)).get();
            RecordingWriter writer = new RecordingWriter(store.recordings(), store.audit(), 100);
            writer.start();
            RecordingWriter.Handle before = writer.open(opening(old), CaptureMode.REDACTED, () -> 0);
            writer.sink(before).statement(statement(old, "select 'old'"));
            writer.sink(before).statement(statement(old.plusSeconds(1), "select 'old again'"));
            writer.close(before, old.plusSeconds(2));
            RecordingWriter.Handle after = writer.open(opening(recent), CaptureMode.REDACTED, () -> 0);
            writer.sink(after).statement(statement(recent, "select 'new'"));
            writer.close();

            RetentionResult cut = store.audit().retainNewerThan(Instant.now().minus(Duration.ofDays(30)), "test")
                    .get(30, TimeUnit.SECONDS);

            assertThat(cut.deletedCount()).isEqualTo(1);
            assertThat(cut.recordedStatementsDeleted()).isEqualTo(2);
            assertThat(store.recordings().search().find(RecordingQuery.all()))
                    .singleElement().satisfies(r -> assertThat(r.started()).isAfter(old.plusSeconds(60)));
            assertThat(store.audit().verify().intact()).isTrue();
        }
    }

    private static Recording opening(Instant started) {
        return new Recording(0, 7, "alice", "uid=alice,ou=people,dc=example,dc=org", List.of("dba_role"),
                "127.0.0.1:50000", "test", "appdb", started, null, "member of cn=data-team", "redacted", 0, 0, 0);
    }

    private static FinishedStatement statement(Instant at, String sql) {
        return new FinishedStatement(at, 1_000, sql.getBytes(StandardCharsets.UTF_8), false, false,
                "SELECT 1".getBytes(StandardCharsets.US_ASCII), 1, false, null, 1, (byte) 'I');
    }
}
