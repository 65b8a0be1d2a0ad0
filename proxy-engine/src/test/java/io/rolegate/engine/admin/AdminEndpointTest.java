package io.rolegate.engine.admin;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.config.AdminConfig;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real engine in front of PostgreSQL, pgjdbc traffic through it, and its /metrics page scraped and parsed. */
class AdminEndpointTest {
    private static final List<String> COUNTERS = List.of("rolegate_bytes_total{direction=\"in\"}",
            "rolegate_bytes_total{direction=\"out\"}", "rolegate_messages_total{direction=\"in\"}",
            "rolegate_messages_total{direction=\"out\"}", "rolegate_queries_total", "rolegate_transactions_total",
            "rolegate_errors_total", "rolegate_round_trip_seconds_count", "rolegate_round_trip_seconds_sum",
            "rolegate_round_trip_seconds_bucket{le=\"+Inf\"}");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsParseAndCountersMoveAndNeverGoBack() throws Exception {
        try (TestProxy proxy = TestProxy.start(dataDir);
             AdminEndpoint admin = AdminEndpoint.start(proxy.engine()::metrics, proxy.engine()::state,
                     AdminConfig.loopback(0))) {
            Map<String, Double> before = scrape(admin);
            assertThat(before).containsEntry("rolegate_engine_state{state=\"running\"}", 1.0)
                    .containsEntry("rolegate_engine_state{state=\"stopped\"}", 0.0)
                    .containsEntry("rolegate_sessions_open", 0.0);

            Map<String, Double> during;
            try (Connection c = proxy.connect(); Statement st = c.createStatement()) {
                for (int i = 0; i < 20; i++) {
                    st.execute("SELECT " + i);
                }
                c.setAutoCommit(false);
                st.execute("CREATE TEMP TABLE t (x int)");
                st.execute("INSERT INTO t VALUES (1)");
                c.commit();
                c.setAutoCommit(true);
                assertThatThrownBy(() -> st.execute("SELECT 1/0")).isInstanceOf(SQLException.class);
                during = scrape(admin);
            }
            for (String counter : COUNTERS) {
                assertThat(during.get(counter)).as(counter).isGreaterThan(before.get(counter));
            }
            assertThat(during.get("rolegate_sessions_open")).isEqualTo(1.0);
            assertThat(during.get("rolegate_client_connections_open")).isGreaterThanOrEqualTo(1.0);
            assertThat(during.get("rolegate_queries_total")).isGreaterThanOrEqualTo(23.0);
            assertThat(during.get("rolegate_errors_total")).isGreaterThanOrEqualTo(1.0);
            assertThat(during.get("rolegate_audit_records")).isPositive();
            assertHistogramIsCumulative(during);

            Map<String, Double> after = waitForNoSessions(admin);
            for (String counter : COUNTERS) {
                assertThat(after.get(counter)).as(counter + " after the session ended")
                        .isGreaterThanOrEqualTo(during.get(counter));
            }
            assertThat(after.get("rolegate_audit_last_sequence"))
                    .isGreaterThanOrEqualTo(after.get("rolegate_audit_records"));
        }
    }

    @Test
    void healthFollowsTheEngineStateAndOtherPathsAreRefused() throws Exception {
        TestProxy proxy = TestProxy.start(dataDir);
        try (AdminEndpoint admin = AdminEndpoint.start(proxy.engine()::metrics, proxy.engine()::state,
                AdminConfig.loopback(0))) {
            assertThat(admin.address().getAddress().isLoopbackAddress()).isTrue();
            HttpResponse<String> health = get(admin, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("running\n");
            HttpResponse<String> metrics = get(admin, "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(get(admin, "/").statusCode()).isEqualTo(404);
            assertThat(get(admin, "/metrics/extra").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(admin, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);

            proxy.close();
            HttpResponse<String> stopped = get(admin, "/health");
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.body()).isEqualTo("stopped\n");
            assertThat(PrometheusParser.parse(get(admin, "/metrics").body()))
                    .containsEntry("rolegate_engine_state{state=\"stopped\"}", 1.0);
        } finally {
            proxy.close();
        }
    }

    @Test
    void aDisabledEndpointDoesNotStart() {
        assertThatThrownBy(() -> AdminEndpoint.start(() -> null, () -> EngineState.NEW, AdminConfig.disabled()))
                .hasMessageContaining("not enabled");
    }

    private static void assertHistogramIsCumulative(Map<String, Double> page) {
        double previous = 0;
        int buckets = 0;
        for (Map.Entry<String, Double> e : page.entrySet()) {
            if (e.getKey().startsWith("rolegate_round_trip_seconds_bucket")) {
                assertThat(e.getValue()).as(e.getKey()).isGreaterThanOrEqualTo(previous);
                previous = e.getValue();
                buckets++;
            }
        }
        assertThat(buckets).isEqualTo(24);
        assertThat(page).containsKey("rolegate_round_trip_seconds_bucket{le=\"0.000001\"}")
                .containsKey("rolegate_round_trip_seconds_bucket{le=\"4.194304\"}");
        assertThat(page.get("rolegate_round_trip_seconds_bucket{le=\"+Inf\"}"))
                .isEqualTo(page.get("rolegate_round_trip_seconds_count"));
    }

    private Map<String, Double> waitForNoSessions(AdminEndpoint admin) throws Exception {
        Map<String, Double> page = Eventually.lastWithin(Duration.ofSeconds(10), () -> scrape(admin),
                p -> p.get("rolegate_sessions_open") <= 0);
        assertThat(page.get("rolegate_sessions_open")).isZero();
        return page;
    }

    private Map<String, Double> scrape(AdminEndpoint admin) throws Exception {
        HttpResponse<String> r = get(admin, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusParser.parse(r.body());
    }

    @Test
    void theEngineServesItsOwnEndpointWhenEnabled(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (TestProxy withAdmin = TestProxy.start(dir, c -> c.withAdmin(
                io.rolegate.engine.config.AdminConfig.loopback(0)))) {
            var at = withAdmin.engine().adminAddress().orElseThrow();
            try (var c = withAdmin.connect(); var st = c.createStatement()) {
                st.execute("select 1");
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort()
                    + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(PrometheusParser.parse(r.body())).isNotNull();
            assertThat(r.body()).contains("rolegate_");
        }
    }

    private HttpResponse<String> get(AdminEndpoint admin, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(admin, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(AdminEndpoint admin, String path) {
        return URI.create("http://127.0.0.1:" + admin.address().getPort() + path);
    }

}
