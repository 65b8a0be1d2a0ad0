package io.rolegate.engine.faults;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rolegate.engine.faults.FullDiskTest.login;
import static io.rolegate.engine.faults.FullDiskTest.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store is a PostgreSQL database that goes away (its connections ended, new ones refused) and comes back:
 * logins are refused at once with 58000 naming the store, open sessions keep relaying, logins work again by
 * themselves once the database answers, and the chain verifies with every admitted login's record in it.
 */
@Tag("faults")
class StoreOutageTest {
    private static final String STORE_DATABASE = "rolegate_stores";
    private static final String USER = FullDiskTest.USER;
    @TempDir
    Path dataDir;

    @Test
    void aPostgresStoreThatGoesAwayRefusesLoginsClearlyAndRecoversWhenItIsBack() throws Exception {
        StoreConfig store = new StoreConfig(TestStores.newPostgresSchemaUrl(), TestPostgres.SUPERUSER, Secret.empty());
        AtomicInteger admitted = new AtomicInteger();
        try (TestProxy proxy = TestProxy.start(dataDir, c -> c.withStore(store));
             Connection open = login(proxy, admitted)) {
            assertThat(one(open)).isEqualTo("42");
            try {
                storeReachable(false);
                SQLException refused = null;
                for (int i = 0; i < 3 && refused == null; i++) {
                    try (Connection c = login(proxy, admitted)) {
                        assertThat(one(c)).isEqualTo("42"); // a batch may have been under way on the old link
                    } catch (SQLException e) {
                        admitted.decrementAndGet();
                        refused = e;
                    }
                }
                assertThat((Object) refused).as("a login while the store is away").isNotNull();
                System.out.println("store away: login refused with " + refused.getSQLState() + " "
                        + refused.getMessage());
                assertThat(refused.getSQLState()).isEqualTo("58000");
                assertThat(refused.getMessage()).contains("audit log").contains("store cannot be written");
                assertThat(one(open)).as("the open session keeps relaying").isEqualTo("42");
            } finally {
                storeReachable(true);
            }
            FullDiskTest.recoversWithEveryLoginAudited(proxy, open, admitted, "store away", "58000");
        }
    }

    /** Away: the store database refuses new connections and its open ones are ended. Back: it accepts again. */
    private static void storeReachable(boolean reachable) throws SQLException {
        try (Connection su = TestPostgres.get().superuser(); Statement s = su.createStatement()) {
            s.execute("ALTER DATABASE " + STORE_DATABASE + " ALLOW_CONNECTIONS " + reachable);
            if (!reachable) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + STORE_DATABASE + "'");
            }
        }
    }
}
