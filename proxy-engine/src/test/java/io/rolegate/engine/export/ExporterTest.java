package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.audit.AuditEventJson;
import io.rolegate.engine.store.export.ExportCursors;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exporter's loop against a real store and a scripted receiver (the receiver is the one part not under test
 * here): the cursor moves only on acknowledgement, a restart resumes at the cursor, records retention removed
 * before they were sent are a gap the audit itself records, and in a fleet each engine exports its own node's chain
 * under a cursor of its own.
 */
class ExporterTest {
    @TempDir
    Path dir;
    TestStores.Location location;
    Store store;
    final List<Long> received = new CopyOnWriteArrayList<>();
    final AtomicBoolean up = new AtomicBoolean(true);
    final Receiver scripted = new Receiver() {
        @Override
        public void send(List<AuditRecord> batch) throws IOException {
            if (!up.get()) {
                throw new java.net.ConnectException("Connection refused");
            }
            batch.forEach(r -> received.add(r.sequence()));
        }

        @Override
        public void close() {
        }
    };
    final ExportConfig config = new ExportConfig("test", ExportConfig.Type.SYSLOG, URI.create("tcp://127.0.0.1:9"),
            false, 10, null, null, 3, Duration.ofSeconds(1), Duration.ofMillis(200), 4, Duration.ofMinutes(5));

    @BeforeEach
    void open() {
        location = TestStores.H2.fresh(dir);
        store = location.open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Exporter exporter() {
        Exporter e = new Exporter(config, store.audit(), new ExportCursors(store.connections()), scripted,
                Clock.systemUTC());
        e.start();
        return e;
    }

    private void append(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            store.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "change " + i)).get();
        }
    }

    @Test
    void theCursorMovesOnlyOnceTheReceiverAcknowledgedAndARestartResumesThere() throws Exception {
        append(5);
        try (Exporter e = exporter()) {
            Eventually.within(Duration.ofSeconds(20), "5 sent", () -> received.size() == 5);
            up.set(false);
            append(4);
            Eventually.within(Duration.ofSeconds(20), "failing", () -> e.status().failing()
                    && e.status().lagRecords() == 4);
            assertThat(e.status().cursor()).isEqualTo(5);
            assertThat(e.status().failureKind()).isEqualTo("connect");
        }
        assertThat(new ExportCursors(store.connections()).read("test", store.node())).hasValue(5);
        up.set(true);
        try (Exporter e = exporter()) {
            Eventually.within(Duration.ofSeconds(20), "all 9 sent", () -> received.size() == 9);
            assertThat(received).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            Eventually.within(Duration.ofSeconds(20), "caught up", () -> e.status().lagRecords() == 0
                    && !e.status().failing());
        }
    }

    @Test
    void recordsRetentionRemovedBeforeTheyWereSentAreAGapTheAuditRecords() throws Exception {
        append(2);
        try (Exporter e = exporter()) {
            Eventually.within(Duration.ofSeconds(20), "2 sent", () -> received.size() == 2);
            up.set(false);
            append(5);
            store.audit().retainNewest(2, "test").get(); // removes 1..5 (3..5 never sent), adds the cut as 8
            Eventually.within(Duration.ofSeconds(20), "gap seen", () -> e.status().gaps() == 3);
            up.set(true);
            Eventually.within(Duration.ofSeconds(20), "the gap is exported too", () -> store.audit()
                    .query(io.rolegate.engine.api.model.AuditQuery.all().type(AuditEventType.EXPORT_GAP))
                    .stream().anyMatch(r -> received.contains(r.sequence())));
            assertThat(received).contains(6L, 7L, 8L).doesNotContain(3L, 4L, 5L);
            var gap = store.audit().query(io.rolegate.engine.api.model.AuditQuery.all()
                    .type(AuditEventType.EXPORT_GAP)).get(0).event();
            assertThat(gap.message()).contains("records 3 to 5", "\"test\"");
        }
    }

    @Test
    void inAFleetEachEngineExportsItsOwnNodesChainUnderACursorOfItsOwn() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        List<String> ids = new CopyOnWriteArrayList<>();
        Receiver collecting = new Receiver() {
            @Override
            public void send(List<AuditRecord> batch) {
                batch.forEach(r -> ids.add(AuditEventJson.eventId(r)));
            }

            @Override
            public void close() {
            }
        };
        try (Store a = fleetNode(url, "node-a"); Store b = fleetNode(url, "node-b")) {
            for (int i = 0; i < 3; i++) {
                a.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "a " + i)).get();
                b.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "b " + i)).get();
            }
            b.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "b 3")).get();
            ExportCursors cursors = new ExportCursors(a.connections());

            try (Exporter e = new Exporter(config, a.audit(), cursors, collecting, Clock.systemUTC())) {
                e.start();
                Eventually.within(Duration.ofSeconds(20), "node-a's chain sent", () -> e.status().cursor() == 3
                        && e.status().lagRecords() == 0);
                // node-b's four records are not node-a's to send, nor part of its lag
                assertThat(ids).extracting(id -> id.substring(0, id.lastIndexOf(':')))
                        .containsExactly("node-a:1", "node-a:2", "node-a:3");
            }
            assertThat(cursors.read("test", "node-a")).hasValue(3);
            assertThat(cursors.read("test", "node-b")).isEmpty();

            ids.clear();
            try (Exporter e = new Exporter(config, b.audit(), cursors, collecting, Clock.systemUTC())) {
                e.start();
                Eventually.within(Duration.ofSeconds(20), "node-b's chain sent", () -> e.status().cursor() == 4);
                // the same exporter name on another node starts at that node's oldest record, not at node-a's cursor
                assertThat(ids).extracting(id -> id.substring(0, id.lastIndexOf(':')))
                        .containsExactly("node-b:1", "node-b:2", "node-b:3", "node-b:4");
            }
            assertThat(cursors.read("test", "node-a")).hasValue(3);
            assertThat(cursors.read("test", "node-b")).hasValue(4);
        }
    }

    @Test
    void aStoreOpenedForReadingRunsNoExporter() {
        String url = TestStores.newPostgresSchemaUrl();
        try (Store writer = fleetNode(url, "node-a");
             Store reader = Store.openJdbcForReading(url, TestPostgres.SUPERUSER, "")) {
            assertThat(reader.audit().node()).isNull();
            try (Exports none = Exports.start(List.of(config), reader.audit(), reader.connections())) {
                assertThat(none.status()).isEmpty();
            }
            assertThatThrownBy(() -> reader.audit().after(0, 10))
                    .hasMessageContaining("reading only");
            try (Exports running = Exports.start(List.of(config), writer.audit(), writer.connections())) {
                assertThat(running.status()).hasSize(1);
            }
        }
    }

    private static Store fleetNode(String url, String node) {
        return Store.openJdbc(url, TestPostgres.SUPERUSER, "", node);
    }
}
