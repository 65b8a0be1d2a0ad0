package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of a watcher's state for the facade.
 *
 * @param mode           the mechanism actually running (after {@code auto} and any fallback)
 * @param connected      whether the watcher currently holds a working connection
 * @param lastEventAt    when the last change was delivered; {@code null} = none yet
 * @param lastError      the last connection or protocol problem, in words; {@code null} = none
 * @param lag            estimated delay between the directory write and Rolegate seeing it (server
 *                       modifyTimestamp vs. local clock, second granularity, or the poll interval); {@code null} =
 *                       unknown
 * @param fallbackReason why a different mechanism than configured runs; {@code null} = none
 */
public record WatchHealth(WatchMode mode, boolean connected, Instant lastEventAt, String lastError, Duration lag,
                          String fallbackReason) {

    public WatchHealth withFallback(WatchMode configured, String reason) {
        return new WatchHealth(mode, connected, lastEventAt, lastError, lag,
                reason == null ? null : configured.configName() + " → " + mode.configName() + ": " + reason);
    }
}
