package io.rolegate.engine.admin;

import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.config.AdminConfig;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stop behind a load balancer ({@code Engine.drainAndStop}, what SIGTERM runs): {@code /health} answers 503
 * "draining" at once while the listener still lets new logins in, and only then the listener closes and live
 * sessions get {@code shutdownGrace} before 57P01. Without the admin endpoint nobody could see the drain, so the stop
 * begins at once.
 */
class HealthDrainTest {
    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthSaysDrainingWhileNewLoginsStillGetInThenSessionsEndWith57P01() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir, c -> c.withAdmin(AdminConfig.loopback(0)));
             Connection held = proxy.connect()) {
            InetSocketAddress admin = proxy.engine().adminAddress().orElseThrow();
            assertThat(health(admin).statusCode()).isEqualTo(200);

            // a long drain, cut short below: the test waits for what it sees, never for a clock
            Thread stopper = new Thread(() -> proxy.engine().drainAndStop(Duration.ofMinutes(5),
                    Duration.ofSeconds(1)), "drain-and-stop");
            stopper.start();
            HttpResponse<String> draining = Eventually.lastWithin(Duration.ofSeconds(30), () -> health(admin),
                    r -> r.statusCode() == 503);
            assertThat(draining.body()).isEqualTo("draining\n");
            assertThat(proxy.engine().state()).isEqualTo(EngineState.RUNNING);
            try (Connection late = proxy.connect(); Statement s = late.createStatement()) {
                assertThat(s.execute("select 1")).as("a login while draining still gets in").isTrue();
            }
            try (Statement s = held.createStatement()) {
                assertThat(s.execute("select 1")).isTrue();
            }

            stopper.interrupt(); // ends the drain: the listener closes, the held session gets its second of grace
            stopper.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(stopper.isAlive()).isFalse();
            assertThat(proxy.engine().state()).isEqualTo(EngineState.STOPPED);
            assertThatThrownBy(() -> held.createStatement().execute("select 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                            .isIn(SqlState.ADMIN_SHUTDOWN, "08006", "08003"));
        }
    }

    @Test
    @Timeout(60)
    void withoutTheAdminEndpointTheStopBeginsAtOnce() {
        try (TestProxy proxy = TestProxy.start(dataDir)) {
            proxy.engine().drainAndStop(Duration.ofMinutes(10), Duration.ZERO);
            assertThat(proxy.engine().state()).isEqualTo(EngineState.STOPPED);
        }
    }

    private HttpResponse<String> health(InetSocketAddress admin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
