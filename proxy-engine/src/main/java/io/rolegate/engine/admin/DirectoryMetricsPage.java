package io.rolegate.engine.admin;

import io.rolegate.engine.api.model.DirectoryMetrics;

import java.time.Duration;
import java.util.Optional;

/** The directory's and the watcher's part of {@code /metrics}; nothing when the engine has no directory. */
final class DirectoryMetricsPage {
    private DirectoryMetricsPage() {
    }

    static String render(Optional<DirectoryMetrics> metrics) {
        if (metrics.isEmpty()) {
            return "";
        }
        DirectoryMetrics d = metrics.get();
        String dir = d.directory();
        PrometheusText p = new PrometheusText();
        p.family("rolegate_directory_pool_connections", "gauge",
                "Service-account connections to the directory, by state: checked_out (in use) or available (idle).");
        p.sample("rolegate_directory_pool_connections", d.poolCheckedOut(), "directory", dir, "state", "checked_out");
        p.sample("rolegate_directory_pool_connections", d.poolAvailable(), "directory", dir, "state", "available");
        p.family("rolegate_directory_pool_max_connections", "gauge", "The most connections the search pool may hold.");
        p.sample("rolegate_directory_pool_max_connections", d.poolMax(), "directory", dir);
        p.family("rolegate_directory_binds_total", "counter",
                "User binds (password checks) since start, by result: ok, or failed (refused or unreachable).");
        p.sample("rolegate_directory_binds_total", d.bindsOk(), "directory", dir, "result", "ok");
        p.sample("rolegate_directory_binds_total", d.bindsFailed(), "directory", dir, "result", "failed");
        p.family("rolegate_directory_search_seconds", "summary",
                "Directory searches made for logins (the user's entry, the user's groups) and their total time.");
        p.sample("rolegate_directory_search_seconds_sum", PrometheusText.seconds(d.searchNanosTotal() / 1_000),
                "directory", dir);
        p.sample("rolegate_directory_search_seconds_count", d.searches(), "directory", dir);
        p.family("rolegate_directory_login_cache_total", "counter",
                "Directory logins answered from the login cache (hit) or by asking the directory (miss).");
        p.sample("rolegate_directory_login_cache_total", d.cacheHits(), "directory", dir, "result", "hit");
        p.sample("rolegate_directory_login_cache_total", d.cacheMisses(), "directory", dir, "result", "miss");
        p.family("rolegate_watcher_connected", "gauge",
                "1 while the change watcher is connected to the directory (polling: its last poll worked), else 0.");
        p.sample("rolegate_watcher_connected", d.watcherConnected() ? 1 : 0, "directory", dir);
        p.family("rolegate_watcher_events_total", "counter", "Directory changes the watcher delivered since start.");
        p.sample("rolegate_watcher_events_total", d.watcherEvents(), "directory", dir);
        // absent rather than a made-up number while there is no event yet / the watcher cannot tell its lag
        p.family("rolegate_watcher_last_event_age_seconds", "gauge",
                "Seconds since the watcher's last change event; absent before the first.");
        sampleSeconds(p, "rolegate_watcher_last_event_age_seconds", d.lastEventAge(), dir);
        p.family("rolegate_watcher_lag_seconds", "gauge",
                "How far the watcher is behind the directory, when the watch mode can tell; absent otherwise.");
        sampleSeconds(p, "rolegate_watcher_lag_seconds", d.watcherLag(), dir);
        loginQueue(p, d.loginQueue());
        return p.toString();
    }

    /** The login queue ({@code limits.loginQueue}): what a login storm looks like from outside. */
    private static void loginQueue(PrometheusText p, io.rolegate.engine.api.model.LoginQueueMetrics q) {
        if (q == null) {
            return;
        }
        p.family("rolegate_logins_under_way", "gauge",
                "Directory logins admitted and not yet ready or ended (the login queue, limits.loginQueue).");
        p.sample("rolegate_logins_under_way", q.underWay());
        p.family("rolegate_logins_max_waiting", "gauge", "The most logins that may be under way (maxWaiting).");
        p.sample("rolegate_logins_max_waiting", q.maxWaiting());
        p.family("rolegate_logins_refused_busy_total", "counter", "Logins refused with 53300 (server busy) since"
                + " start, by reason: full (maxWaiting under way), wait (would wait past maxWait), stale (waited"
                + " maxWait for a worker).");
        p.sample("rolegate_logins_refused_busy_total", q.refusedFull(), "reason", "full");
        p.sample("rolegate_logins_refused_busy_total", q.refusedWait(), "reason", "wait");
        p.sample("rolegate_logins_refused_busy_total", q.refusedStale(), "reason", "stale");
        p.family("rolegate_login_pace_seconds", "gauge", "The measured time between two logins finishing under"
                + " load, which admission multiplies by the logins under way to judge a new login's wait.");
        p.sample("rolegate_login_pace_seconds", PrometheusText.seconds(Math.round(q.secondsPerLogin() * 1e6)));
    }

    private static void sampleSeconds(PrometheusText p, String name, Duration d, String dir) {
        if (d != null) {
            p.sample(name, PrometheusText.seconds(Math.max(0, d.toNanos() / 1_000)), "directory", dir);
        }
    }
}
