package io.rolegate.engine.session;

import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Passthrough authentication with each method the server may ask for, through a real pgjdbc. */
@Tag("leaks")
class PassthroughRelayTest {
    @TempDir
    static Path dataDir;
    static TestProxy proxy;

    @BeforeAll
    static void start() {
        proxy = TestProxy.start(dataDir);
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void scramLoginLandsAsTheClientsOwnRole() throws Exception {
        try (Connection c = proxy.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_user, current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(TestPostgres.SCRAM_USER);
            assertThat(rs.getString(2)).isEqualTo(TestPostgres.DATABASE);
        }
    }

    @Test
    void md5AndCleartextExchangesAreRelayed() throws Exception {
        for (String user : List.of(TestPostgres.MD5_USER, TestPostgres.CLEARTEXT_USER)) {
            try (Connection c = proxy.connect(user, TestPostgres.PASSWORD); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(user);
            }
        }
    }

    @Test
    void wrongPasswordIsTheServersOwn28P01() {
        assertThatThrownBy(() -> proxy.connect(TestPostgres.SCRAM_USER, "wrong").close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains("password authentication failed");
                });
    }

    @Test
    void liveSessionIsVisibleWithItsCounters() throws Exception {
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                s.execute("select " + (i + 1000));
            }
            String app = c.getClientInfo("ApplicationName");
            SessionSnapshot snap = proxy.engine().sessions().stream()
                    .filter(x -> x.user().equals(TestPostgres.SCRAM_USER) && x.queries() >= 5)
                    .findFirst().orElseThrow();
            assertThat(snap.database()).isEqualTo(TestPostgres.DATABASE);
            assertThat(snap.applicationName()).isEqualTo(app);
            assertThat(snap.state().label()).isEqualTo("idle");
            assertThat(snap.backendPid()).isEqualTo(((org.postgresql.PGConnection) c).getBackendPID());
            assertThat(snap.bytesIn()).isPositive();
            assertThat(snap.bytesOut()).isGreaterThan(snap.bytesIn());
            assertThat(snap.transactions()).isGreaterThanOrEqualTo(5);
            assertThat(snap.avgRoundTripMicros()).isPositive();
            assertThat(snap.lastQuery()).as("literals redacted").isEqualTo("select ?");
        }
    }
}
