package io.rolegate.engine.audit;

import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The capture queue is bounded: what does not fit is dropped, counted, and the count is itself audited. */
class QueryCaptureLogTest {
    @TempDir
    Path dir;

    @Test
    void aFullQueueDropsCountsAndRecordsTheLossInTheChain() throws Exception {
        try (Store store = Store.openDataDirectory(dir)) {
            QueryCaptureLog capture = new QueryCaptureLog(store.audit(), 2);
            // not started: the writer "falls behind" completely, so only two statements fit
            for (int i = 0; i < 5; i++) {
                capture.offer(7, "dave", "10.0.0.1:5000", ("select " + i).getBytes(StandardCharsets.UTF_8), false,
                        false, CaptureMode.REDACTED);
            }
            assertThat(capture.dropped()).isEqualTo(3);
            assertThat(capture.queueDepth()).isEqualTo(2);

            capture.start();
            capture.close();

            assertThat(capture.written()).isEqualTo(2);
            List<AuditRecord> lost = store.audit().query(AuditQuery.all().type(AuditEventType.QUERY_CAPTURE_DROPPED));
            assertThat(lost).singleElement().satisfies(r -> {
                assertThat(r.event().message()).startsWith("3 statement(s) were not captured");
                assertThat(r.event().details()).contains("\"dropped\":3");
            });
            assertThat(store.audit().query(AuditQuery.all().type(AuditEventType.QUERY)))
                    .extracting(r -> r.event().message()).containsExactly("select ?", "select ?");
            assertThat(store.audit().verify().intact()).isTrue();
        }
    }
}
