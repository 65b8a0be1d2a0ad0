package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.MovableClock;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the live-session publication costs the store for 1,000 sessions over 60 publications (one a second, on a
 * simulated clock), before decision 0035 (every changed row every second: the same code with counters due every
 * second) and after (counters every 15 s), for four workloads; and one publication of 1,000 rows as array statements
 * against pgjdbc's batch of single-row upserts. Printed, never asserted (bench/ measures speed; this counts rows).
 */
class FleetPublicationCostTest {
    private static final int SESSIONS = 1_000;
    private static final int SECONDS = 60;
    private static final Instant START = Instant.parse("2026-12-07T06:00:00Z");
    private final String url = TestStores.newPostgresSchemaUrl();

    /** How a workload changes its sessions from one second to the next. */
    private interface Workload {
        FleetSessions.Row next(FleetSessions.Row r, int second, Random random);
    }

    private static FleetSessions.Row row(long id, String state, long bytes, Instant query) {
        return new FleetSessions.Row(id, "user" + id, "uid=user" + id + ",ou=people,dc=example,dc=org", "sales",
                List.of("analyst_role", "readonly_role"), "10.0.0." + (id % 250) + ":5" + id, "psql",
                Instant.parse("2026-12-07T06:00:00Z"), state, bytes, bytes * 3, bytes / 10, bytes / 5, query);
    }

    /** Streaming or long statements: counters move every second, the state stays. */
    private static FleetSessions.Row steady(FleetSessions.Row r, int second, Random random) {
        return row(r.sessionId(), "active", r.bytesIn() + 8_192, START);
    }

    /** Short statements back to back: each second's sample finds another statement (state or start changed). */
    private static FleetSessions.Row oltp(FleetSessions.Row r, int second, Random random) {
        boolean running = random.nextBoolean();
        return row(r.sessionId(), running ? "active" : "idle", r.bytesIn() + 2_048,
                running ? START.plusMillis(second * 1000L - random.nextInt(999)) : null);
    }

    /** As {@link #oltp} without {@code upstream.admin}: the statement's start is unknown, idle/active flips. */
    private static FleetSessions.Row oltpNoStart(FleetSessions.Row r, int second, Random random) {
        return row(r.sessionId(), random.nextBoolean() ? "active" : "idle", r.bytesIn() + 2_048, null);
    }

    /** Mostly idle pool connections: 5 % run something each second. */
    private static FleetSessions.Row pooled(FleetSessions.Row r, int second, Random random) {
        return random.nextInt(100) < 5 ? row(r.sessionId(), "idle", r.bytesIn() + 512, null) : r;
    }

    @Test
    void rowsWrittenPerSecondBeforeAndAfter() {
        try (Store a = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1")) {
            FleetSessions store = new FleetSessions(a.connections(), "edge-1");
            List<String> lines = new ArrayList<>();
            for (var w : List.<Object[]>of(new Object[] {"steady", (Workload) FleetPublicationCostTest::steady},
                    new Object[] {"oltp", (Workload) FleetPublicationCostTest::oltp},
                    new Object[] {"oltp without statement starts", (Workload) FleetPublicationCostTest::oltpNoStart},
                    new Object[] {"pooled", (Workload) FleetPublicationCostTest::pooled})) {
                long before = run(store, (Workload) w[1], Duration.ofSeconds(1));
                long after = run(store, (Workload) w[1], Duration.ofSeconds(15));
                lines.add(String.format("%s: before %.0f rows/s, after %.0f rows/s", w[0], before / (double) SECONDS,
                        after / (double) SECONDS));
            }
            System.out.println("fleet publication, " + SESSIONS + " sessions, " + SECONDS + " publications: "
                    + String.join("; ", lines));
        }
    }

    /** Rows written by {@link #SECONDS} publications of a workload (after the first, which inserts them all). */
    private long run(FleetSessions store, Workload workload, Duration countersEvery) {
        store.clearOwn();
        MovableClock clock = new MovableClock(START);
        FleetPublication p = new FleetPublication(store, countersEvery, clock);
        Random random = new Random(42);
        List<FleetSessions.Row> now = new ArrayList<>();
        for (long id = 1; id <= SESSIONS; id++) {
            now.add(row(id, "idle", 100, null));
        }
        p.publish(now);
        long rows = 0;
        long t0 = System.nanoTime();
        for (int s = 1; s <= SECONDS; s++) {
            clock.advance(Duration.ofSeconds(1));
            List<FleetSessions.Row> next = new ArrayList<>();
            for (FleetSessions.Row r : now) {
                next.add(workload.next(r, s, random));
            }
            now = next;
            FleetPublication.Written w = p.publish(now);
            rows += w.states() + w.counters() + w.ended();
        }
        System.out.printf("fleet publication: counters every %d s: %d rows in %d publications, %.1f ms each on"
                + " average%n", countersEvery.toSeconds(), rows, SECONDS, (System.nanoTime() - t0) / 1e6 / SECONDS);
        return rows;
    }

    @Test
    void aThousandRowsAsArraysAgainstABatch() throws Exception {
        try (Store a = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1")) {
            FleetSessions store = new FleetSessions(a.connections(), "edge-1");
            List<FleetSessions.Row> rows = new ArrayList<>();
            for (long id = 1; id <= SESSIONS; id++) {
                rows.add(row(id, "idle", 100, null));
            }
            store.publish(rows, List.of());
            long arrays = Long.MAX_VALUE;
            long batch = Long.MAX_VALUE;
            long counters = Long.MAX_VALUE;
            for (int round = 1; round <= 5; round++) {
                long bytes = 100 + round;
                List<FleetSessions.Row> changed = rows.stream().map(r -> row(r.sessionId(), "active", bytes, null))
                        .toList();
                long t0 = System.nanoTime();
                store.publish(changed, List.of());
                arrays = Math.min(arrays, System.nanoTime() - t0);
                t0 = System.nanoTime();
                store.publish(List.of(), rows.stream().map(r -> row(r.sessionId(), "active", bytes + 1, null))
                        .toList(), List.of());
                counters = Math.min(counters, System.nanoTime() - t0);
                t0 = System.nanoTime();
                batchUpsert(a, rows.stream().map(r -> row(r.sessionId(), "idle", bytes, null)).toList());
                batch = Math.min(batch, System.nanoTime() - t0);
            }
            assertThat(store.live()).hasSize(SESSIONS);
            System.out.printf("fleet publication of %d changed rows, best of 5: one upsert from arrays %.1f ms,"
                    + " counters-only update from arrays %.1f ms, pgjdbc batch of single-row upserts (before 0035)"
                    + " %.1f ms%n", SESSIONS, arrays / 1e6, counters / 1e6, batch / 1e6);
        }
    }

    /** The publication as it was before decision 0035: one upsert per row in a pgjdbc batch. */
    private static void batchUpsert(Store a, List<FleetSessions.Row> rows) throws Exception {
        try (Connection c = a.connections().open()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("INSERT INTO fleet_session (node, session_id, user_name,"
                    + " directory_dn, database_name, roles, client_address, application_name, started_at, state,"
                    + " bytes_in, bytes_out, messages_in, messages_out, query_started_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node, session_id) DO UPDATE"
                    + " SET state = EXCLUDED.state, bytes_in = EXCLUDED.bytes_in, bytes_out = EXCLUDED.bytes_out,"
                    + " messages_in = EXCLUDED.messages_in, messages_out = EXCLUDED.messages_out,"
                    + " query_started_at = EXCLUDED.query_started_at")) {
                for (FleetSessions.Row r : rows) {
                    up.setString(1, "edge-1");
                    up.setLong(2, r.sessionId());
                    up.setString(3, r.user());
                    up.setString(4, r.directoryDn());
                    up.setString(5, r.database());
                    up.setString(6, String.join("\n", r.roles()));
                    up.setString(7, r.clientAddress());
                    up.setString(8, r.applicationName());
                    up.setTimestamp(9, Timestamp.from(r.started()));
                    up.setString(10, r.state());
                    up.setLong(11, r.bytesIn());
                    up.setLong(12, r.bytesOut());
                    up.setLong(13, r.messagesIn());
                    up.setLong(14, r.messagesOut());
                    up.setTimestamp(15, null);
                    up.addBatch();
                }
                up.executeBatch();
            }
            c.commit();
        }
    }
}
