package io.rolegate.engine.api.model;

import java.time.Duration;

/**
 * The directory as the engine sees it at one moment, for {@code /metrics}: the service-account pool, user binds,
 * searches, the login cache, and the change watcher.
 *
 * @param directory       the directory's first URL, as a label
 * @param poolCheckedOut  service-account connections in use now
 * @param poolAvailable   idle connections in the pool now
 * @param poolMax         the most the pool may hold
 * @param searchNanosTotal total time of those searches
 * @param watcherConnected whether the watcher holds a live connection (a polling watcher: its last poll worked)
 * @param watcherEvents   changes the watcher delivered since start
 * @param lastEventAge    time since the watcher's last event; null before the first
 * @param watcherLag      how far behind the directory the watcher is, when it can tell; else null
 * @param loginQueue      the login queue's admission ({@code limits.loginQueue})
 */
public record DirectoryMetrics(String directory, long poolCheckedOut, int poolAvailable, int poolMax, long bindsOk,
                               long bindsFailed, long searches, long searchNanosTotal, long cacheHits,
                               long cacheMisses, boolean watcherConnected, long watcherEvents, Duration lastEventAge,
                               Duration watcherLag, LoginQueueMetrics loginQueue) {
}
