package io.rolegate.engine.config;

import java.time.Duration;

/**
 * {@code limits.loginQueue}: how directory logins share the machine under a storm.
 *
 * @param workers          login workers (directory, provisioning, the store); they mostly wait on the network
 * @param adminConnections admin connections provisioning may use at once
 * @param maxWaiting       logins under way at once; the next one is refused at once with 53300
 * @param maxWait          a login that would, at the rate logins are finishing now, wait longer than this is refused
 *                         at once with 53300 and "retry in N s" instead of running into {@code startupTimeout}
 */
public record LoginQueueConfig(int workers, int adminConnections, int maxWaiting, Duration maxWait) {
    public static LoginQueueConfig defaults() {
        return new LoginQueueConfig(16, 4, 2_000, Duration.ofSeconds(10));
    }
}
