package io.rolegate.engine.store;

import io.rolegate.engine.store.fleet.FleetSessions;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's pool of connections for short operations (decision 0035) on a real PostgreSQL: operations reuse its
 * connections instead of opening one each, at most {@code store.poolSize} (default 8) are lent at once, a connection given back
 * in a transaction is rolled back, and after the store's DBA ended every store connection ({@code
 * pg_terminate_backend}, as a failover does) the next operation succeeds on a new one.
 */
class StorePoolTest {
    private final String url = TestStores.newPostgresSchemaUrl();

    private Store node() {
        return Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1");
    }

    private Connection su() throws Exception {
        return DriverManager.getConnection(url, TestPostgres.SUPERUSER, "");
    }

    private static int count(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String text(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void shortOperationsReuseTheirConnections() {
        try (Store s = node()) {
            StorePool pool = (StorePool) s.connections();
            FleetSessions reader = new FleetSessions(s.connections(), "edge-1");
            for (int i = 0; i < 50; i++) {
                assertThat(reader.nodes()).hasSize(1);
            }
            assertThat(pool.opened()).isLessThanOrEqualTo(2); // one for these, perhaps one for the start's reads
        }
    }

    @Test
    void atMostPoolSizeAreLentAndTheNextWaitsForOneGivenBack() throws Exception {
        try (Store s = node()) {
            assertThat(((StorePool) s.connections()).size()).as("the default").isEqualTo(8);
        }
        try (Store s = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1", 3)) {
            assertThat(((StorePool) s.connections()).size()).as("store.poolSize").isEqualTo(3);
            List<Connection> lent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lent.add(s.connections().open());
            }
            CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
                try (Connection c = s.connections().open()) {
                    return count(c, "SELECT 1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // the next caller is waiting (it could not have finished: all connections are lent)
            assertThat(next).isNotDone();
            lent.remove(0).close();
            assertThat(next.get()).isEqualTo(1);
            for (Connection c : lent) {
                c.close();
            }
        }
    }

    @Test
    void aConnectionGivenBackInATransactionIsRolledBackAndReset() throws Exception {
        try (Store s = node()) {
            try (Connection c = s.connections().open(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                st.execute("CREATE TABLE left_behind (x int)");
                // given back without a commit
            }
            try (Connection c = s.connections().open(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT to_regclass('left_behind') IS NULL,"
                         + " current_setting('transaction_isolation')")) {
                assertThat(c.getAutoCommit()).isTrue();
                rs.next();
                assertThat(rs.getBoolean(1)).as("the table was rolled back").isTrue();
                assertThat(rs.getString(2)).isEqualTo("read committed");
            }
        }
    }

    @Test
    void afterEveryStoreConnectionWasEndedTheNextOperationSucceeds() throws Exception {
        try (Store s = node(); Connection su = su()) {
            FleetSessions reader = new FleetSessions(s.connections(), "edge-1");
            // several pooled connections open and idle
            List<Connection> lent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                lent.add(s.connections().open());
            }
            for (Connection c : lent) {
                c.close();
            }
            String store = "application_name = 'rolegate store' AND pid <> pg_backend_pid() AND datname ="
                    + " current_database()";
            int before = count(su, "SELECT count(*) FROM pg_stat_activity WHERE " + store);
            assertThat(before).isGreaterThanOrEqualTo(4);
            String at = text(su, "SELECT CAST(now() AS text)");
            count(su, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE " + store);
            // pg_terminate_backend only signals: wait until every backend that was there is gone
            Eventually.within(Duration.ofSeconds(30), "the ended backends are gone", () -> count(su,
                    "SELECT count(*) FROM pg_stat_activity WHERE " + store + " AND backend_start < CAST('" + at
                            + "' AS timestamptz)") == 0);

            assertThat(reader.nodes()).singleElement().satisfies(n -> assertThat(n.name()).isEqualTo("edge-1"));
            for (int i = 0; i < 10; i++) {
                assertThat(reader.nodes()).hasSize(1); // every connection lent afterwards works
            }
        }
    }
}
