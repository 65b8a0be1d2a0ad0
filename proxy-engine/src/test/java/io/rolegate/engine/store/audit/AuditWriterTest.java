package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditEvent;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.rolegate.engine.testbed.TestStores.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.class)
class AuditWriterTest {
    @Parameter
    TestStores kind;
    @TempDir
    Path dir;
    TestStores.Location location;
    Store store;

    @BeforeEach
    void open() {
        location = kind.fresh(dir);
        store = location.open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void concurrentAppendsFromEightThreadsGetUniqueGapFreeSequencesAndAllCommit() throws Exception {
        int threads = 8;
        int perThread = 250;
        ConcurrentLinkedQueue<CompletableFuture<Long>> futures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    futures.add(store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "t" + thread + " #" + i)
                            .withUser("user" + thread)));
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<Long> sequences = new ArrayList<>();
        for (CompletableFuture<Long> f : futures) {
            sequences.add(f.get(30, TimeUnit.SECONDS));
        }

        assertThat(sequences).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(sequences.stream().sorted().toList())
                .isEqualTo(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        try (Connection c = store.connections().open()) {
            assertThat(count(c, "SELECT COUNT(*) FROM audit_event")).isEqualTo(threads * perThread);
        }
        assertThat(store.audit().verify().intact()).isTrue();
    }

    @Test
    void appendsQueuedDuringACommitShareTheNextOne() throws Exception {
        int events = 2_000;
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            futures.add(store.audit().append(AuditEvent.of(AuditEventType.CONNECTION_ACCEPTED, "burst " + i)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        long commits = store.audit().commitCount();

        assertThat(commits).isPositive().isLessThanOrEqualTo(events / 10);
    }

    @Test
    void aFutureCompletesOnlyOnceItsRowIsVisibleToOtherConnections() throws Exception {
        long seq = store.audit().append(AuditEvent.of(AuditEventType.ADMIN_ACTION, "kill session 7")
                .withActor("uid=alice,ou=admins")).get();
        try (Connection c = store.connections().open()) {
            assertThat(count(c, "SELECT COUNT(*) FROM audit_event WHERE seq = " + seq)).isEqualTo(1);
        }
    }

    @Test
    void closeDrainsQueuedAppendsAndLaterAppendsFail() throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(store.audit().append(AuditEvent.of(AuditEventType.SESSION_ENDED, "s" + i)));
        }
        store.audit().close();

        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        CompletableFuture<Long> late = store.audit().append(AuditEvent.of(AuditEventType.SESSION_ENDED, "late"));
        assertThatThrownBy(late::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreException.class).hasMessageContaining("the audit log is closed");
    }

    @Test
    void eventsAppendedTogetherShareOneCommitInTheirOrder() throws Exception {
        store.audit().append(AuditEvent.of(AuditEventType.CONNECTION_ACCEPTED, "before")).get(30, TimeUnit.SECONDS);
        long commits = store.audit().commitCount();

        store.audit().appendTogether(List.of(AuditEvent.of(AuditEventType.ACCESS_DECIDED, "decided").withUser("alice"),
                AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "admitted").withUser("alice"))).get(30, TimeUnit.SECONDS);

        assertThat(store.audit().commitCount()).isEqualTo(commits + 1);
        try (Connection c = store.connections().open()) {
            assertThat(count(c, "SELECT COUNT(*) FROM audit_event")).isEqualTo(3);
        }
        var records = store.audit().query(io.rolegate.engine.api.model.AuditQuery.all().user("alice"));
        assertThat(records).extracting(r -> r.event().type())
                .containsExactlyInAnyOrder(AuditEventType.ACCESS_DECIDED, AuditEventType.AUTH_SUCCEEDED);
        long decided = records.stream().filter(r -> r.event().type() == AuditEventType.ACCESS_DECIDED)
                .findFirst().orElseThrow().sequence();
        long admitted = records.stream().filter(r -> r.event().type() == AuditEventType.AUTH_SUCCEEDED)
                .findFirst().orElseThrow().sequence();
        assertThat(admitted).isEqualTo(decided + 1);
        assertThat(store.audit().verify().intact()).isTrue();
    }

    @Test
    void eventsAppendedTogetherAfterCloseAreAllRefused() {
        store.audit().close();

        CompletableFuture<Void> late = store.audit().appendTogether(List.of(
                AuditEvent.of(AuditEventType.ACCESS_DECIDED, "late"), AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "late")));

        assertThatThrownBy(() -> late.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StoreException.class).hasMessageContaining("the audit log is closed");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before the start signal", e);
        }
    }
}
