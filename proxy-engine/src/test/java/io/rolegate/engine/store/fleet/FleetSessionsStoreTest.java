package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's side of decision 0028 without engines: node numbers, the published rows of live and gone nodes, and the
 * action rows' signature. Also prints what a publication of 1,000 sessions costs (measured, not asserted).
 */
class FleetSessionsStoreTest {
    private final String url = TestStores.newPostgresSchemaUrl();

    private Store node(String name) {
        return Store.openJdbc(url, TestPostgres.SUPERUSER, "", name);
    }

    private static FleetSessions.Row row(long id, long bytes) {
        return new FleetSessions.Row(id, "user" + id, "uid=user" + id + ",ou=people,dc=example,dc=org", "sales",
                List.of("analyst_role", "readonly_role"), "10.0.0." + (id % 250) + ":5" + id, "psql",
                Instant.parse("2026-12-07T06:00:00Z"), "idle", bytes, bytes * 3, bytes / 10, bytes / 5, null);
    }

    @Test
    void eachNodeGetsANumberOfItsOwnAndKeepsItAcrossRestarts() {
        int first;
        try (Store a = node("edge-1"); Store b = node("edge-2")) {
            first = a.nodeNumber();
            assertThat(first).isBetween(1, NodeNumbers.MAX);
            assertThat(b.nodeNumber()).isBetween(1, NodeNumbers.MAX).isNotEqualTo(first);
        }
        try (Store again = node("edge-1")) {
            assertThat(again.nodeNumber()).isEqualTo(first);
        }
    }

    @Test
    void aGoneNodesSessionsAreNotShownAndArePrunedByALiveOne() throws Exception {
        try (Store a = node("edge-1")) {
            FleetSessions onA = new FleetSessions(a.connections(), "edge-1");
            Store b = node("edge-2");
            FleetSessions onB = new FleetSessions(b.connections(), "edge-2");
            onA.publish(List.of(row(1, 10)), List.of());
            onB.publish(List.of(row(1, 20), row(2, 30)), List.of());
            assertThat(onA.live()).extracting(FleetSessions.Listed::node).containsExactly("edge-1", "edge-2", "edge-2");

            onB.publish(List.of(row(2, 31)), List.of(1L));
            assertThat(onA.live()).filteredOn(l -> l.node().equals("edge-2")).singleElement()
                    .satisfies(l -> assertThat(l.row()).isEqualTo(row(2, 31)));

            onB.close();
            b.close(); // its lock is free, as when its process is killed
            assertThat(onA.live()).extracting(FleetSessions.Listed::node).containsExactly("edge-1");
            assertThat(onA.nodes()).filteredOn(n -> n.name().equals("edge-2")).singleElement()
                    .satisfies(n -> assertThat(n.live()).isFalse());
            assertThat(onA.pruneGone()).isEqualTo(1);
            onA.close();
        }
    }

    @Test
    void aDirectoryEntryLearntAfterTheFirstPublicationReachesTheOtherNodes() throws Exception {
        try (Store a = node("edge-1"); Store b = node("edge-2")) {
            FleetSessions onA = new FleetSessions(a.connections(), "edge-1");
            FleetSessions onB = new FleetSessions(b.connections(), "edge-2");
            FleetSessions.Row full = row(7, 10);
            FleetSessions.Row early = new FleetSessions.Row(7, full.user(), null, full.database(), full.roles(),
                    full.clientAddress(), full.applicationName(), full.started(), full.state(), 10, 30, 1, 2, null);
            onB.publish(List.of(early), List.of());
            onB.publish(List.of(full), List.of());
            assertThat(onA.live()).filteredOn(l -> l.node().equals("edge-2")).singleElement()
                    .satisfies(l -> assertThat(l.row().directoryDn()).isEqualTo(full.directoryDn()));
            onA.close();
            onB.close();
        }
    }

    @Test
    void anActionWithAnyFieldChangedNoLongerVerifies() throws Exception {
        try (Store a = node("edge-1")) {
            FleetActions actions = new FleetActions(a.connections(), new byte[] {1, 2, 3});
            long id = actions.request(new FleetActions.Request("edge-1", FleetActions.Kind.DISCONNECT, 5, 0, null,
                    "maintenance", "alice", "edge-2", Instant.now()));
            assertThat(actions.pending("edge-1")).singleElement().satisfies(p -> assertThat(actions.authentic(p))
                    .isTrue());
            try (Connection c = DriverManager.getConnection(url, TestPostgres.SUPERUSER, "")) {
                TestStores.update(c, "UPDATE fleet_action SET requested_by = 'carol' WHERE id = " + id);
            }
            assertThat(actions.pending("edge-1")).singleElement().satisfies(p -> assertThat(actions.authentic(p))
                    .isFalse());
            assertThat(new FleetActions(a.connections(), new byte[] {9}).pending("edge-1")).singleElement()
                    .satisfies(p -> assertThat(new FleetActions(a.connections(), new byte[] {9}).authentic(p))
                            .isFalse());
            assertThat(actions.answer(id, new FleetActions.Answer(FleetActions.Outcome.EXPIRED, "gave up"))).isTrue();
            assertThat(actions.answer(id, new FleetActions.Answer(FleetActions.Outcome.DONE, "late"))).isFalse();
            assertThat(actions.pending("edge-1")).isEmpty();
        }
    }

    @Test
    void publishingAThousandSessions() {
        try (Store a = node("edge-1")) {
            FleetSessions onA = new FleetSessions(a.connections(), "edge-1");
            List<FleetSessions.Row> rows = new ArrayList<>();
            for (int i = 1; i <= 1_000; i++) {
                rows.add(row(i, 100));
            }
            onA.nodes(); // a pooled connection is open
            long t0 = System.nanoTime();
            onA.publish(rows, List.of());
            long first = System.nanoTime() - t0;
            List<FleetSessions.Row> changed = rows.stream().map(r -> row(r.sessionId(), 200)).toList();
            t0 = System.nanoTime();
            onA.publish(changed, List.of());
            long update = System.nanoTime() - t0;
            t0 = System.nanoTime();
            onA.publish(List.of(), List.of());
            long idle = System.nanoTime() - t0;
            long read0 = System.nanoTime();
            assertThat(onA.live()).hasSize(1_000);
            long read = System.nanoTime() - read0;
            System.out.printf("fleet sessions: publish 1000 new %d ms, 1000 changed %d ms, nothing changed %.1f ms,"
                    + " list 1000 %d ms%n", first / 1_000_000, update / 1_000_000, idle / 1e6, read / 1_000_000);
            onA.close();
        }
    }
}
