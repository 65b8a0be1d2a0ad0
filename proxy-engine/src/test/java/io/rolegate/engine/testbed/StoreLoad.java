package io.rolegate.engine.testbed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a PostgreSQL store's database has done so far, from PostgreSQL's own statistics: committed transactions and
 * sessions opened ({@code pg_stat_database}) and rows inserted, updated and deleted per table of the store's schema
 * ({@code pg_stat_user_tables}). Two snapshots give the load between them; for figures to print (src-docs/fleet.md),
 * never to assert on — each backend reports its counters a little late (PostgreSQL 15: at most once a second, an
 * idle one within 10 s, at once when it ends), and a snapshot costs its own transaction.
 *
 * @param at        when it was taken (System.nanoTime)
 * @param commits   {@code xact_commit} of the store's database
 * @param sessions  {@code sessions} of the store's database (connections opened, PostgreSQL 14+)
 * @param writes    per table: inserted + updated + deleted rows
 * @param connected backends connected to the store's database now
 */
public record StoreLoad(long at, long commits, long sessions, Map<String, Long> writes,
                        long connected) {

    /** Takes a snapshot through {@code store} (a connection to the store's schema), after letting stats settle. */
    public static StoreLoad of(Connection store) throws SQLException, InterruptedException {
        Thread.sleep(1_200); // busy backends report their counters about once a second, and when they end
        try (Statement s = store.createStatement()) {
            s.execute("select pg_stat_clear_snapshot()");
            long commits;
            long sessions;
            long connected;
            try (ResultSet rs = s.executeQuery("select xact_commit, sessions, numbackends from pg_stat_database"
                    + " where datname = current_database()")) {
                rs.next();
                commits = rs.getLong(1);
                sessions = rs.getLong(2);
                connected = rs.getLong(3);
            }
            Map<String, Long> writes = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("select relname, n_tup_ins, n_tup_upd + n_tup_del"
                    + " from pg_stat_user_tables where schemaname = current_schema()")) {
                while (rs.next()) {
                    writes.put(rs.getString(1), rs.getLong(2) + rs.getLong(3));
                }
            }
            return new StoreLoad(System.nanoTime(), commits, sessions, writes, connected);
        }
    }

    /**
     * The load from {@code before} to this snapshot less the idle load of as long ({@code idle}: a window with
     * nothing but the fleet's own background work), as one line: per {@code per} events, or per second if 0.
     */
    public String since(StoreLoad before, String what, double per, Idle idle) {
        double seconds = (at - before.at) / 1e9;
        double divisor = per > 0 ? per : seconds;
        StringBuilder tables = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Long> e : writes.entrySet()) {
            double d = e.getValue() - before.writes.getOrDefault(e.getKey(), 0L)
                    - (idle == null ? 0 : idle.writes(e.getKey()) * seconds);
            total += d;
            if (Math.abs(d / divisor) >= 0.005) {
                tables.append(String.format(" %s=%.2f", e.getKey(), d / divisor));
            }
        }
        double commitsNet = commits - before.commits - (idle == null ? 0 : idle.commits * seconds);
        double sessionsNet = sessions - before.sessions - (idle == null ? 0 : idle.sessions * seconds);
        return String.format("%s over %.1f s%s: %.2f commits, %.2f sessions opened, %.2f rows written (%s) per %s;"
                        + " %d backends on the store's database now",
                what, seconds, idle == null ? "" : " (idle load taken off)", commitsNet / divisor,
                sessionsNet / divisor, total / divisor, tables.toString().strip(), per > 0 ? "event" : "second",
                connected);
    }

    /** The idle load per second between two snapshots, to take off later figures. */
    public Idle idleSince(StoreLoad before) {
        double seconds = (at - before.at) / 1e9;
        Map<String, Double> rates = new TreeMap<>();
        writes.forEach((t, n) -> rates.put(t, (n - before.writes.getOrDefault(t, 0L)) / seconds));
        return new Idle((commits - before.commits) / seconds, (sessions - before.sessions) / seconds, rates);
    }

    /** Per second, with nothing going on but the fleet's background work. */
    public record Idle(double commits, double sessions, Map<String, Double> writeRates) {
        double writes(String table) {
            return writeRates.getOrDefault(table, 0.0);
        }
    }
}
