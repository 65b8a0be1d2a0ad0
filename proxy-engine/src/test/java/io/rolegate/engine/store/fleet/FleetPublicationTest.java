package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.MovableClock;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decision 0035 on a real PostgreSQL store: a session's state reaches the store at the next publication, its counters
 * only when they are due; a publication blocked for longer than the gone-threshold does not make its node look gone
 * to another node (the node lock's heartbeat is the sign of life), and catches up once unblocked; a node that holds
 * its lock but stops beating is gone.
 */
class FleetPublicationTest {
    private static final Duration COUNTERS_EVERY = Duration.ofSeconds(15);
    private final String url = TestStores.newPostgresSchemaUrl();

    private Store node(String name) {
        return Store.openJdbc(url, TestPostgres.SUPERUSER, "", name);
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection(url, TestPostgres.SUPERUSER, "");
    }

    private static FleetSessions.Row row(long id, String state, long bytes) {
        return new FleetSessions.Row(id, "user" + id, "uid=user" + id + ",ou=people,dc=example,dc=org", "sales",
                List.of("analyst_role"), "10.0.0.7:5" + id, "psql", Instant.parse("2026-12-07T06:00:00Z"), state,
                bytes, bytes * 2, bytes / 10, bytes / 5, null);
    }

    /** (state, bytes_in) of a published session, or null when it has no row. */
    private String stored(String node, long id) throws SQLException {
        try (Connection c = raw(); PreparedStatement st = c.prepareStatement(
                "SELECT state, bytes_in FROM fleet_session WHERE node = ? AND session_id = ?")) {
            st.setString(1, node);
            st.setLong(2, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getLong(2) : null;
            }
        }
    }

    @Test
    void statesGoOutAtTheNextPublicationCountersOnlyWhenDue() throws Exception {
        try (Store a = node("edge-1")) {
            MovableClock clock = new MovableClock();
            FleetPublication p = new FleetPublication(new FleetSessions(a.connections(), "edge-1"), COUNTERS_EVERY,
                    clock);
            assertThat(p.publish(List.of(row(1, "idle", 10), row(2, "idle", 10))))
                    .isEqualTo(new FleetPublication.Written(2, 0, 0));

            // session 1 only moved bytes, session 2 became active (and moved bytes): a second later
            clock.advance(Duration.ofSeconds(1));
            assertThat(p.publish(List.of(row(1, "idle", 500), row(2, "active", 700))))
                    .isEqualTo(new FleetPublication.Written(1, 0, 0));
            assertThat(stored("edge-1", 2)).isEqualTo("active 700"); // a state goes out whole, counters with it
            assertThat(stored("edge-1", 1)).isEqualTo("idle 10");

            // more traffic, publications every second: session 1's counters stay as published until they are due
            for (int s = 2; s < COUNTERS_EVERY.toSeconds(); s++) {
                clock.advance(Duration.ofSeconds(1));
                assertThat(p.publish(List.of(row(1, "idle", 500 + s), row(2, "active", 700))))
                        .isEqualTo(new FleetPublication.Written(0, 0, 0));
            }
            assertThat(stored("edge-1", 1)).isEqualTo("idle 10");

            clock.advance(Duration.ofSeconds(1));
            assertThat(p.publish(List.of(row(1, "idle", 900), row(2, "active", 700))))
                    .isEqualTo(new FleetPublication.Written(0, 1, 0)); // session 2's counters had not moved
            assertThat(stored("edge-1", 1)).isEqualTo("idle 900");

            // an ended session goes at once
            clock.advance(Duration.ofSeconds(1));
            assertThat(p.publish(List.of(row(2, "idle", 800)))).isEqualTo(new FleetPublication.Written(1, 0, 1));
            assertThat(stored("edge-1", 1)).isNull();
            assertThat(stored("edge-1", 2)).isEqualTo("idle 800");
        }
    }

    @Test
    void aStatementIsStateOnceItHasRunTwoSecondsShortOnesGoWithTheCounters() throws Exception {
        try (Store a = node("edge-1")) {
            // whole milliseconds: the store keeps microseconds
            MovableClock clock = new MovableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            FleetPublication p = new FleetPublication(new FleetSessions(a.connections(), "edge-1"), COUNTERS_EVERY,
                    clock);
            p.publish(List.of(row(1, "idle", 10)));
            // samples that each find a statement started within the last two seconds: short ones, no change of state
            for (int s = 1; s <= 3; s++) {
                clock.advance(Duration.ofSeconds(1));
                assertThat(p.publish(List.of(running(1, 10 + s, clock.instant().minusMillis(1_500)))))
                        .isEqualTo(new FleetPublication.Written(0, 0, 0));
                clock.advance(Duration.ofSeconds(1));
                assertThat(p.publish(List.of(row(1, "idle", 10 + s)))).isEqualTo(new FleetPublication.Written(0, 0,
                        0));
            }
            assertThat(stored("edge-1", 1)).isEqualTo("idle 10");
            // a statement that has run two seconds is published at the next sample, with its start
            clock.advance(Duration.ofSeconds(1));
            Instant longOne = clock.instant().minusMillis(1_200);
            assertThat(p.publish(List.of(running(1, 20, longOne)))).isEqualTo(new FleetPublication.Written(0, 0, 0));
            clock.advance(Duration.ofSeconds(1));
            assertThat(p.publish(List.of(running(1, 30, longOne)))).isEqualTo(new FleetPublication.Written(1, 0, 0));
            assertThat(stored("edge-1", 1)).isEqualTo("active 30");
            assertThat(startOf(1)).isEqualTo(longOne);
            // it ended and short statements follow back to back: shown active without a start, once
            for (int s = 1; s <= 3; s++) {
                clock.advance(Duration.ofSeconds(1));
                assertThat(p.publish(List.of(running(1, 40, clock.instant().minusMillis(100)))))
                        .isEqualTo(new FleetPublication.Written(s == 1 ? 1 : 0, 0, 0));
            }
            assertThat(stored("edge-1", 1)).isEqualTo("active 40");
            assertThat(startOf(1)).isNull();
        }
    }

    private Instant startOf(long id) throws SQLException {
        try (Connection c = raw(); PreparedStatement st = c.prepareStatement(
                "SELECT query_started_at FROM fleet_session WHERE node = 'edge-1' AND session_id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                java.sql.Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static FleetSessions.Row running(long id, long bytes, Instant started) {
        FleetSessions.Row r = row(id, "active", bytes);
        return new FleetSessions.Row(r.sessionId(), r.user(), r.directoryDn(), r.database(), r.roles(),
                r.clientAddress(), r.applicationName(), r.started(), r.state(), r.bytesIn(), r.bytesOut(),
                r.messagesIn(), r.messagesOut(), started);
    }

    @Test
    void aFailedPublicationIsSentAgainWhole() throws Exception {
        try (Store a = node("edge-1")) {
            MovableClock clock = new MovableClock();
            AtomicReference<String> refuse = new AtomicReference<>("the store is unreachable");
            FleetSessions failingOnce = new FleetSessions(() -> {
                String why = refuse.getAndSet(null);
                if (why != null) {
                    throw new SQLException(why, "08006");
                }
                return a.connections().open();
            }, "edge-1");
            FleetPublication p = new FleetPublication(failingOnce, COUNTERS_EVERY, clock);
            assertThatThrownBy(() -> p.publish(List.of(row(1, "idle", 10))))
                    .isInstanceOf(StoreException.class).hasMessageContaining("unreachable");
            assertThat(stored("edge-1", 1)).isNull();
            clock.advance(Duration.ofSeconds(1));
            assertThat(p.publish(List.of(row(1, "active", 20)))).isEqualTo(new FleetPublication.Written(1, 0, 0));
            assertThat(stored("edge-1", 1)).isEqualTo("active 20");
        }
    }

    @Test
    void aPublicationBlockedLongerThanTheGoneThresholdLeavesTheNodeLiveAndCatchesUp() throws Exception {
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        try (Store a = node("edge-1"); Store b = node("edge-2"); Connection locker = raw()) {
            FleetSessions onA = new FleetSessions(a.connections(), "edge-1");
            FleetSessions onB = new FleetSessions(b.connections(), "edge-2");
            FleetPublication p = new FleetPublication(onA, COUNTERS_EVERY);
            Map<Long, FleetSessions.Row> sessions = new ConcurrentHashMap<>(Map.of(1L, row(1, "idle", 10)));
            publisher.scheduleWithFixedDelay(() -> {
                try {
                    p.publish(List.copyOf(sessions.values()));
                } catch (StoreException e) {
                    // the next round sends the difference again
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            Eventually.within(Duration.ofSeconds(20), "edge-2 lists edge-1's session", () -> onB.live().stream()
                    .anyMatch(l -> l.node().equals("edge-1") && l.row().sessionId() == 1));

            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE fleet_session IN ACCESS EXCLUSIVE MODE");
            }
            sessions.put(2L, row(2, "active", 5));
            // edge-1's publication waits for the lock for longer than a node may stay silent
            int waitedLongEnough = FleetSessions.GONE_AFTER_SECONDS + 2;
            Eventually.within(Duration.ofSeconds(60), () -> "edge-1's publication waits on the lock for "
                    + waitedLongEnough + " s; the store's backends: " + activity(locker),
                    () -> publicationWaitedSeconds(locker) >= waitedLongEnough);

            assertThat(onB.nodes()).filteredOn(n -> n.name().equals("edge-1")).singleElement()
                    .satisfies(n -> assertThat(n.live()).as("a blocked publication does not make edge-1 look gone")
                            .isTrue());

            locker.commit(); // the lock is released
            Eventually.within(Duration.ofSeconds(20), "edge-1's new session reaches edge-2 after the lock",
                    () -> onB.live().stream().anyMatch(l -> l.node().equals("edge-1") && l.row().sessionId() == 2));
        } finally {
            publisher.shutdownNow();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static String activity(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT string_agg(concat_ws(' ',"
                + " pid, state, wait_event_type, wait_event, left(query, 60)), '; ') FROM pg_stat_activity"
                + " WHERE datname = current_database()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** How long the longest wait for a lock on fleet_session has lasted, by the server's clock; 0 when none waits. */
    private static long publicationWaitedSeconds(Connection c) throws SQLException {
        // a statement waiting for its table's lock while parsed (extended protocol) still shows as idle, with the
        // previous statement's text: find it by the lock it waits for, and time it from its last state change
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(extract(epoch"
                + " FROM clock_timestamp() - CASE WHEN a.state = 'active' THEN a.query_start ELSE a.state_change"
                + " END)), 0) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid WHERE NOT l.granted AND"
                + " l.relation = CAST('fleet_session' AS regclass)")) {
            rs.next();
            return (long) rs.getDouble(1);
        }
    }

    @Test
    void aNodeThatHoldsItsNameButStopsBeatingIsGoneAndALiveOneIsNot() throws Exception {
        try (Store a = node("edge-1"); Store b = node("edge-2"); Connection frozen = raw()) {
            FleetSessions onB = new FleetSessions(b.connections(), "edge-2");
            // a node whose process stopped (SIGSTOP, a hung JVM): its connection and lock stay, its heartbeat does not
            try (Statement st = frozen.createStatement()) {
                st.execute("SELECT pg_advisory_lock(" + NodeLock.LOCK_CLASS + ", hashtext(current_schema() || '/'"
                        + " || 'frozen'))");
                st.execute("INSERT INTO fleet_node (node, host_name, pid, started_at, last_seen, sessions_at)"
                        + " VALUES ('frozen', 'h', 1, now(), now(), now())");
                st.execute("INSERT INTO fleet_session (node, session_id, user_name, roles, client_address,"
                        + " started_at, state, bytes_in, bytes_out, messages_in, messages_out) VALUES ('frozen', 1,"
                        + " 'bob', '', '10.0.0.1:1', now(), 'idle', 0, 0, 0, 0)");
            }
            assertThat(live(onB, "frozen")).isTrue();
            Eventually.within(Duration.ofSeconds(30), "the node that stopped beating is gone",
                    () -> !live(onB, "frozen"));
            assertThat(live(onB, "edge-1")).as("edge-1 beats on its own").isTrue();
            assertThat(onB.live()).noneMatch(l -> l.node().equals("frozen"));
        }
    }

    private static boolean live(FleetSessions reader, String node) {
        return reader.nodes().stream().anyMatch(n -> n.name().equals(node) && n.live());
    }
}
