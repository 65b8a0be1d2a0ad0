package io.rolegate.engine.provisioning;

import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin pool after the server ended its connections (a primary stopped, restarted or failed over): every kept
 * connection is dead at once, and the next provisioning must not fail on one stale connection after another.
 */
class AdminDatabaseReconnectTest {
    static final String APP = "rolegate-admin";
    TestPostgres pg;
    AdminDatabase admin;

    @BeforeEach
    void open() throws Exception {
        pg = TestPostgres.get();
        admin = new AdminDatabase("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?sslmode=disable",
                TestPostgres.ADMIN_USER, TestPostgres.PASSWORD, "test admin", 4);
        openEveryConnection();
        assertThat(adminBackends()).isEqualTo(4);
        terminateAdminBackends();
    }

    @AfterEach
    void close() {
        admin.close();
    }

    /** Four callers at once, so the pool opens all four connections. */
    private void openEveryConnection() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch together = new CountDownLatch(4);
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                done.add(callers.submit(() -> admin.inTransaction(c -> {
                    together.countDown();
                    try {
                        together.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new SQLException(e);
                    }
                    return one(c, "select 1");
                })));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private int adminBackends() throws SQLException {
        try (Connection c = pg.superuser()) {
            return one(c, "select count(*)::int from pg_stat_activity where application_name = '" + APP + "'");
        }
    }

    private void terminateAdminBackends() throws Exception {
        try (Connection c = pg.superuser()) {
            one(c, "select count(pg_terminate_backend(pid))::int from pg_stat_activity where application_name = '"
                    + APP + "'");
        }
        for (int i = 0; i < 100 && adminBackends() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(adminBackends()).as("the server ended every admin connection").isZero();
    }

    private static int one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aTransactionAfterTheServerEndedEveryConnectionRunsOnAFreshOne() throws Exception {
        assertThat((int) admin.inTransaction(c -> one(c, "select 41 + 1"))).isEqualTo(42);
        // the rest were replaced before their next use, not handed out to fail one caller after another
        for (int i = 0; i < 4; i++) {
            assertThat((int) admin.inTransaction(c -> one(c, "select 7"))).isEqualTo(7);
        }
    }

    @Test
    void aSingleReadAfterTheServerEndedEveryConnectionRunsOnAFreshOne() throws Exception {
        assertThat((int) admin.once(c -> one(c, "select 42"))).isEqualTo(42);
        for (int i = 0; i < 4; i++) {
            assertThat((int) admin.once(c -> one(c, "select 7"))).isEqualTo(7);
        }
    }

    @Test
    void anErrorOfTheWorkItselfIsNotRunTwice() throws Exception {
        admin.once(c -> one(c, "select 1")); // the pool is fresh again
        int[] runs = {0};
        assertThatThrownBy(() -> admin.inTransaction(c -> {
            runs[0]++;
            return one(c, "select 1/0");
        })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));
        assertThat(runs[0]).isEqualTo(1);
    }
}
