package io.rolegate.engine.api.model;

/**
 * The directory-mode login queue ({@code limits.loginQueue}) as {@code /metrics} shows it: how many logins are under
 * way, how many were refused as busy (53300) and why, and the pace the admission judges by.
 *
 * @param underWay       logins admitted and not yet ready or ended
 * @param maxWaiting     the most that may be under way ({@code limits.loginQueue.maxWaiting})
 * @param refusedFull    refused at admission because {@code maxWaiting} were under way
 * @param refusedWait    refused at admission because a new login would have waited longer than {@code maxWait}
 * @param refusedStale   refused by a worker because the login had already waited {@code maxWait}
 * @param secondsPerLogin the measured interval between two logins finishing under load (the prior before any)
 */
public record LoginQueueMetrics(int underWay, int maxWaiting, long refusedFull, long refusedWait, long refusedStale,
                                double secondsPerLogin) {
}
