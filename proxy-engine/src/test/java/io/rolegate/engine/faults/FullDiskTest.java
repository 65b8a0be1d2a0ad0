package io.rolegate.engine.faults;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.SmallDisk;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data directory on a small filesystem that fills up (a real tmpfs, really full). A login needs its audit
 * record to be durable before AuthenticationOk, so while the disk is full logins are refused at once with a clear
 * error; sessions already open keep relaying; once space is back the engine recovers by itself; the audit chain
 * verifies and every login a client saw succeed has its record.
 */
@Tag("faults")
class FullDiskTest {
    static final String USER = TestPostgres.SCRAM_USER;

    @Test
    void aFullDataDirectoryRefusesLoginsClearlyKeepsSessionsAndRecoversWhenSpaceReturns() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(8)) {
            AtomicInteger admitted = new AtomicInteger();
            try (TestProxy proxy = TestProxy.start(disk.path().resolve("data"));
                 Connection open = login(proxy, admitted)) {
                assertThat(one(open)).isEqualTo("42");
                long filled = disk.fill();
                System.out.printf("full disk: filled %d KiB, %d bytes left%n", filled / 1024, disk.usable());

                SQLException refused = null;
                for (int i = 0; i < 3; i++) { // the first may still fit in H2's last page; the next cannot
                    try (Connection c = login(proxy, admitted)) {
                        assertThat(one(c)).isEqualTo("42");
                    } catch (SQLException e) {
                        admitted.decrementAndGet();
                        refused = e;
                        break;
                    }
                }
                assertThat((Object) refused).as("a login while the disk is full").isNotNull();
                System.out.println("full disk: login refused with " + refused.getSQLState() + " " + refused.getMessage());
                assertThat(refused.getSQLState()).isEqualTo("53100");
                assertThat(refused.getMessage()).contains("audit log").contains("disk");
                assertThat(one(open)).as("the open session keeps relaying").isEqualTo("42");
                for (int i = 0; i < 4; i++) { // H2 may close the database under later writes: still refused clearly
                    try (Connection c = login(proxy, admitted)) {
                        throw new AssertionError("a login was admitted while the disk is full: " + one(c));
                    } catch (SQLException e) {
                        admitted.decrementAndGet();
                        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("53100");
                    }
                }
                assertThat(one(open)).as("the open session keeps relaying").isEqualTo("42");

                disk.free();
                recoversWithEveryLoginAudited(proxy, open, admitted, "full disk", "53100", "58000");
                var metrics = proxy.engine().storeMetrics().orElseThrow();
                System.out.printf("full disk: rolegate_audit_commit_failures_total %d, rolegate_store_reopened_total"
                        + " %d%n", metrics.audit().commitFailures(), metrics.storeReopened());
                assertThat(metrics.audit().commitFailures()).as("the metric counts the failed commits").isPositive();
            }
        }
    }

    /**
     * Logins work again by themselves (until then each is refused with one of {@code refusedWith}), the open
     * session still relays, the audit chain verifies and every admitted login has its AUTH_SUCCEEDED record.
     */
    static void recoversWithEveryLoginAudited(TestProxy proxy, Connection open, AtomicInteger admitted, String what,
                                              String... refusedWith) throws Exception {
        Eventually.within(Duration.ofSeconds(30), what + ": logins work again by themselves", () -> {
            try (Connection c = login(proxy, admitted)) {
                return "42".equals(one(c));
            } catch (SQLException e) {
                admitted.decrementAndGet();
                assertThat(e.getSQLState()).as(e.getMessage()).isIn((Object[]) refusedWith);
                return false;
            }
        });
        assertThat(one(open)).isEqualTo("42");
        VerifyResult verified = proxy.engine().audit().verify();
        assertThat(verified.intact()).as(verified.description()).isTrue();
        long recorded = proxy.engine().audit().count(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED).user(USER));
        System.out.printf("%s: %d logins admitted, %d AUTH_SUCCEEDED records, chain of %d intact, %d failed"
                + " commits%n", what, admitted.get(), recorded, verified.recordsChecked(),
                proxy.engine().storeMetrics().orElseThrow().audit().commitFailures());
        assertThat(recorded).as("every admitted login has its record").isGreaterThanOrEqualTo(admitted.get());
    }

    /** A login as {@link #USER}, counted in {@code admitted} unless refused. */
    static Connection login(TestProxy proxy, AtomicInteger admitted) throws SQLException {
        admitted.incrementAndGet(); // counted first, taken back when refused: never undercounted
        return proxy.connect(USER, TestPostgres.PASSWORD);
    }

    static String one(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("select 41 + 1")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
