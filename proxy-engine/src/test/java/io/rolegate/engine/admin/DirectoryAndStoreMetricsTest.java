package io.rolegate.engine.admin;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.config.AdminConfig;
import io.rolegate.engine.config.CaptureMode;
import io.rolegate.engine.config.QueryCaptureConfig;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The directory, watcher and store families of /metrics, from an engine in directory mode with a polling watcher
 * and query capture: the page parses strictly, and each counter moves when logins, statements and directory
 * changes flow.
 */
class DirectoryAndStoreMetricsTest {
    @TempDir
    Path dataDir;

    @Test
    void directoryWatcherAndStoreCountersMoveWithTraffic() throws Exception {
        try (TestDirectory ldap = TestDirectory.start(InetAddress.getLoopbackAddress(),
                c -> c.setMaxChangeLogEntries(1_000))) {
            var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
            try (TestProxy proxy = TestProxy.start(dataDir, c -> {
                var d = base.apply(c);
                return d.withDirectory(d.directory().toBuilder().watch(WatchMode.POLL)
                                .pollInterval(Duration.ofMillis(200)).build())
                        .withAccess(d.access().withQueryCapture(new QueryCaptureConfig(CaptureMode.REDACTED,
                                Map.of())))
                        .withAdmin(AdminConfig.loopback(0));
            })) {
                URI metrics = URI.create("http://127.0.0.1:" + proxy.engine().adminAddress().orElseThrow().getPort()
                        + "/metrics");
                String dir = "{directory=\"" + ldap.ldapUrl() + "\"";
                Map<String, Double> before = awaitPage(metrics, p -> p.get("rolegate_watcher_connected" + dir + "}")
                        == 1.0);
                assertThat(before).containsKeys("rolegate_directory_pool_max_connections" + dir + "}",
                        "rolegate_audit_queue_depth", "rolegate_audit_commit_seconds_bucket{le=\"+Inf\"}",
                        "rolegate_logins_under_way", "rolegate_logins_max_waiting",
                        "rolegate_logins_refused_busy_total{reason=\"full\"}", "rolegate_login_pace_seconds");

                try (Connection alice = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"))) {
                    DirectoryProxies.one(alice, "select 'x' || 1");
                }
                // the second login is answered from the login cache — unless a directory re-evaluation of alice
                // (the watcher's first pass, run on its own thread) dropped her answer in between, as it must; then
                // the next login is the cached one. Each extra try is one more bind and one more miss.
                String hit = "rolegate_directory_login_cache_total" + dir + ",result=\"hit\"}";
                int aliceLogins = 1;
                do {
                    DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice")).close();
                    aliceLogins++;
                } while (aliceLogins < 4 && moved(before, awaitPage(metrics, p -> true), hit) == 0);
                int retries = aliceLogins - 2;
                assertThatThrownBy(() -> DirectoryProxies.login(proxy, "bob", "not-bobs").close())
                        .isInstanceOf(PSQLException.class);
                ldap.server().modify(TestDirectory.userDn("kim"), new Modification(ModificationType.REPLACE,
                        "description", "moved to finance"));

                Map<String, Double> after = awaitPage(metrics, p ->
                        p.get("rolegate_watcher_events_total" + dir + "}") > before.get(
                                "rolegate_watcher_events_total" + dir + "}")
                                && p.get("rolegate_query_capture_written_total") > 0);

                assertThat(moved(before, after, "rolegate_directory_binds_total" + dir + ",result=\"ok\"}"))
                        .as("alice's first login bound; the cached one did not").isEqualTo(1 + retries);
                assertThat(moved(before, after, "rolegate_directory_binds_total" + dir + ",result=\"failed\"}"))
                        .isEqualTo(1);
                assertThat(moved(before, after, "rolegate_directory_login_cache_total" + dir + ",result=\"hit\"}"))
                        .isEqualTo(1);
                assertThat(moved(before, after, "rolegate_directory_login_cache_total" + dir + ",result=\"miss\"}"))
                        .isEqualTo(2 + retries);
                assertThat(moved(before, after, "rolegate_directory_search_seconds_count" + dir + "}"))
                        .isGreaterThanOrEqualTo(2);
                assertThat(after.get("rolegate_directory_search_seconds_sum" + dir + "}")).isPositive();
                assertThat(after).containsKey("rolegate_watcher_last_event_age_seconds" + dir + "}");
                assertThat(after.get("rolegate_directory_pool_connections" + dir + ",state=\"available\"}")
                        + after.get("rolegate_directory_pool_connections" + dir + ",state=\"checked_out\"}"))
                        .isPositive();
                assertThat(moved(before, after, "rolegate_audit_records_written_total")).isGreaterThanOrEqualTo(5);
                assertThat(moved(before, after, "rolegate_audit_commits_total")).isPositive();
                assertThat(after.get("rolegate_audit_commit_seconds_count"))
                        .isEqualTo(after.get("rolegate_audit_commits_total"));
                assertThat(after.get("rolegate_query_capture_dropped_total")).isZero();
                assertThat(moved(before, after, "rolegate_login_seconds_count"))
                        .as("alice's logins (two, plus any retry); bob's refusal is not a login").isEqualTo(aliceLogins);
                assertThat(after.get("rolegate_login_seconds_sum")).isPositive();
                assertThat(after.get("rolegate_server_connections_kept")).as("upstream.keepIdle is off").isZero();
                assertThat(after.get("rolegate_server_connections_reused_total")).isZero();
            }
        }
    }

    private static double moved(Map<String, Double> before, Map<String, Double> after, String key) {
        assertThat(after).containsKey(key);
        return after.get(key) - before.getOrDefault(key, 0.0);
    }

    /** Scrapes until {@code ready} holds (the watcher and the writers work on their own threads). */
    private static Map<String, Double> awaitPage(URI uri, Predicate<Map<String, Double>> ready) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return Eventually.within(Duration.ofSeconds(15), "metrics reach the expected state", () -> {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return PrometheusParser.parse(r.body());
        }, page -> ready.test(new java.util.HashMap<>(page) {
            @Override
            public Double get(Object key) {
                return getOrDefault(key, -1.0);
            }
        }));
    }
}
