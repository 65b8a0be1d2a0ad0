package io.rolegate.engine.store.fleet;

import io.rolegate.engine.api.model.AuditChainResult;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LegacyAudit;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.rolegate.engine.testbed.TestStores.count;
import static io.rolegate.engine.testbed.TestStores.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several engines ("nodes") on one PostgreSQL store (issue 17): each extends its own audit chain without a lock across
 * the fleet, verification reports every chain and names the one that was tampered with, a live node's name cannot
 * be taken and is freed when its holder's connection dies, and a store from before fleets is adopted by one node.
 */
class FleetStoreTest {
    private static final int PER_NODE = 300;

    private static Store node(String url, String name) {
        return Store.openJdbc(url, TestPostgres.SUPERUSER, "", name);
    }

    private static Store reader(String url) {
        return Store.openJdbcForReading(url, TestPostgres.SUPERUSER, "");
    }

    @Test
    void twoNodesWritingAtOnceLeaveTwoIntactChains() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        try (Store a = node(url, "node-a"); Store b = node(url, "node-b")) {
            List<CompletableFuture<Long>> appended = new ArrayList<>();
            for (int i = 0; i < PER_NODE; i++) {
                appended.add(a.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "a " + i).withUser("u" + i)));
                appended.add(b.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "b " + i).withUser("u" + i)));
            }
            CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get();
            // both writers committed in many groups, interleaved: neither waited for the other
            assertThat(a.audit().commitCount()).isPositive();
            assertThat(b.audit().commitCount()).isPositive();
        }
        try (Store r = reader(url)) {
            List<AuditChainResult> chains = r.audit().verifyChains(null);
            assertThat(chains).extracting(AuditChainResult::node).containsExactly("node-a", "node-b");
            for (AuditChainResult chain : chains) {
                assertThat(chain.result().intact()).as(chain.toString()).isTrue();
                assertThat(chain.result().recordsChecked()).isEqualTo(PER_NODE);
                assertThat(chain.result().lastSequence()).isEqualTo(PER_NODE);
            }
            StringWriter export = new StringWriter();
            r.audit().exportJsonl(AuditQuery.all(), export);
            List<String> lines = export.toString().lines().toList();
            assertThat(lines).hasSize(2 * PER_NODE);
            // node by node, each chain in order, so an export can be checked chain by chain
            assertThat(lines.get(0)).startsWith("{\"schema\":\"rolegate.audit.v1\",\"eventId\":\"node-a:1:")
                    .contains(",\"seq\":1,", "\"node\":\"node-a\"");
            assertThat(lines.get(PER_NODE)).startsWith("{\"schema\":\"rolegate.audit.v1\",\"eventId\":\"node-b:1:")
                    .contains(",\"seq\":1,", "\"node\":\"node-b\"");
        }
    }

    @Test
    void tamperingWithOneNodesRecordNamesThatNodeAndRecord() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        try (Store a = node(url, "node-a"); Store b = node(url, "node-b")) {
            for (int i = 0; i < 10; i++) {
                a.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "a " + i)).get();
                b.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "b " + i)).get();
            }
        }
        try (Connection raw = DriverManager.getConnection(url, TestPostgres.SUPERUSER, "")) {
            assertThat(update(raw, "UPDATE audit_event SET message = 'nothing happened' WHERE node = 'node-b'"
                    + " AND seq = 7")).isEqualTo(1);
        }
        try (Store r = reader(url)) {
            List<AuditChainResult> chains = r.audit().verifyChains(null);
            assertThat(chains.get(0).result().intact()).isTrue();
            VerifyResult broken = chains.get(1).result();
            assertThat(chains.get(1).node()).isEqualTo("node-b");
            assertThat(broken.intact()).isFalse();
            assertThat(broken.brokenAt()).isEqualTo(7);
            assertThat(broken.problem()).isEqualTo(VerifyResult.Problem.HASH_MISMATCH);
            // the one-line answer (console, single-chain callers) names the node too
            assertThat(r.audit().verify().description()).startsWith("node node-b: chain broken at sequence 7");
        }
    }

    @Test
    void aLiveNodesNameIsFreedWhenItsConnectionDies() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        Store first = node(url, "edge-1");
        try {
            assertThatThrownBy(() -> node(url, "edge-1"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("the node name \"edge-1\" is in use");
            // what kill -9 does to the holder's connection: the server ends it, and the lock goes with it
            try (Connection admin = DriverManager.getConnection(url, TestPostgres.SUPERUSER, "")) {
                assertThat(count(admin, "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(l.pid) FROM pg_locks l"
                        + " WHERE l.locktype = 'advisory' AND l.classid = " + 0x52474E44 + " AND l.granted) t"))
                        .isEqualTo(1);
            }
            try (Store second = Eventually.within(Duration.ofSeconds(30), () -> "the name freed",
                    () -> tryNode(url, "edge-1"), s -> s != null)) {
                second.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "took over edge-1")).get();
            }
        } finally {
            first.close();
        }
    }

    private static Store tryNode(String url, String name) {
        try {
            return node(url, name);
        } catch (StoreException e) {
            return null;
        }
    }

    @Test
    void aStoreFromBeforeFleetsIsAdoptedByTheFirstNodeAndVerifies() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        List<AuditEvent> legacy = List.of(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "old 1").withUser("dave"),
                AuditEvent.of(AuditEventType.SESSION_ENDED, "old 2").withUser("dave"),
                AuditEvent.of(AuditEventType.CONFIG_CHANGED, "old 3").withActor("dba"));
        try (Store v5 = Store.openJdbc(url, TestPostgres.SUPERUSER, "", TestStores.ALL_MIGRATIONS.subList(0, 5));
             Connection c = v5.connections().open()) { // below the fleet schema: no node name
            LegacyAudit.write(c, legacy);
        }
        try (Store a = node(url, "node-a")) {
            assertThat(a.schemaVersion()).isEqualTo(TestStores.ALL_MIGRATIONS.size());
            a.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "new on a")).get();
            try (Store b = node(url, "node-b")) {
                // the second node finds the legacy chain adopted already and starts its own
                b.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "new on b")).get();
            }
        }
        try (Store r = reader(url)) {
            List<AuditRecord> all = r.audit().query(AuditQuery.all());
            assertThat(all).filteredOn(rec -> rec.node().equals("node-a")).extracting(rec -> rec.event().message())
                    .containsExactly("old 1", "old 2", "old 3",
                            "node node-a adopted the audit chain written before fleets (3 records) and continues it",
                            "new on a");
            assertThat(all).filteredOn(rec -> rec.node().equals("node-b")).extracting(AuditRecord::sequence)
                    .containsExactly(1L);
            assertThat(r.audit().verifyChains(null)).allSatisfy(chain ->
                    assertThat(chain.result().intact()).as(chain.toString()).isTrue());
        }
    }

    @Test
    void sessionHistoryIsFleetWideAndShowsTheNode() {
        String url = TestStores.newPostgresSchemaUrl();
        Instant t = Instant.parse("2026-12-07T03:00:00Z");
        try (Store a = node(url, "node-a"); Store b = node(url, "node-b")) {
            a.sessionHistory().record(new SessionRecord(1, "dave", null, List.of("r"), "10.0.0.1:5000", null, "db",
                    t, t.plusSeconds(5), 0, 0, 0, 0, 0, "CLIENT"));
            b.sessionHistory().record(new SessionRecord(1, "erin", null, List.of("r"), "10.0.0.2:5000", null, "db",
                    t, t.plusSeconds(9), 0, 0, 0, 0, 0, "CLIENT"));
        }
        try (Store r = reader(url)) {
            assertThat(r.sessionHistory().query(SessionQuery.all()))
                    .extracting(SessionRecord::user, SessionRecord::node)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("erin", "node-b"),
                            org.assertj.core.groups.Tuple.tuple("dave", "node-a"));
            assertThatThrownBy(() -> r.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "x")).join())
                    .hasMessageContaining("opened for reading only");
        }
    }
}
