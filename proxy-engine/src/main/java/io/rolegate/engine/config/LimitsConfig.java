package io.rolegate.engine.config;

import java.time.Duration;

/**
 * Limits on what a client may cost the engine.
 *
 * @param maxClientConnections client connections open at once; the next one gets 53300
 * @param startupTimeout       time from accept to the end of authentication
 * @param maxStartupPacket     largest startup packet accepted (PostgreSQL itself uses 10,000 bytes)
 * @param shutdownGrace        on stop, how long live sessions may finish before they are terminated with 57P01
 * @param loginThrottle        failed password checks per user name and per source before logins are refused
 * @param loginMemory          the bounds of the tables directory logins fill
 * @param maxPendingPerSource  connections from one client address still logging in (accepted, no ReadyForQuery
 *                             yet) at once; the next from that address gets 53300 at once. Zero: no limit
 * @param keepalive            TCP keepalive on both hops, to find half-open connections
 * @param loginQueue           workers, admin connections and admission of directory logins under load
 * @param drainDelay           on SIGTERM with the admin endpoint on, how long {@code /health} says "draining" (503)
 *                             while the listener still accepts, so a load balancer's health check takes the node
 *                             out before it stops listening; then {@code shutdownGrace} runs. Zero: no delay
 */
public record LimitsConfig(int maxClientConnections, Duration startupTimeout, int maxStartupPacket,
                           Duration shutdownGrace, LoginThrottleConfig loginThrottle, LoginMemoryConfig loginMemory,
                           int maxPendingPerSource, KeepaliveConfig keepalive, LoginQueueConfig loginQueue,
                           Duration drainDelay) {
    /**
     * Far above what a connection pool opens at once (bench/connect's storms: 300–1,000 logins from one address),
     * a tenth of {@code maxClientConnections}' default: one address cannot take the proxy's connection slots.
     */
    public static final int DEFAULT_MAX_PENDING_PER_SOURCE = 1000;
    /** Two misses of a health check every second (HAProxy {@code inter 1s fall 2}) with room to spare. */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);

    public LimitsConfig {
        loginThrottle = loginThrottle == null ? LoginThrottleConfig.defaults() : loginThrottle;
        loginMemory = loginMemory == null ? LoginMemoryConfig.defaults() : loginMemory;
        keepalive = keepalive == null ? KeepaliveConfig.defaults() : keepalive;
        loginQueue = loginQueue == null ? LoginQueueConfig.defaults() : loginQueue;
        drainDelay = drainDelay == null ? DEFAULT_DRAIN_DELAY : drainDelay;
    }

    public LimitsConfig(int maxClientConnections, Duration startupTimeout, int maxStartupPacket,
                        Duration shutdownGrace, LoginThrottleConfig loginThrottle, LoginMemoryConfig loginMemory,
                        int maxPendingPerSource, KeepaliveConfig keepalive, LoginQueueConfig loginQueue) {
        this(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle, loginMemory,
                maxPendingPerSource, keepalive, loginQueue, null);
    }

    public LimitsConfig(int maxClientConnections, Duration startupTimeout, int maxStartupPacket,
                        Duration shutdownGrace, LoginThrottleConfig loginThrottle, LoginMemoryConfig loginMemory,
                        int maxPendingPerSource, KeepaliveConfig keepalive) {
        this(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle, loginMemory,
                maxPendingPerSource, keepalive, null);
    }

    public LimitsConfig(int maxClientConnections, Duration startupTimeout, int maxStartupPacket,
                        Duration shutdownGrace, LoginThrottleConfig loginThrottle, LoginMemoryConfig loginMemory) {
        this(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle, loginMemory,
                DEFAULT_MAX_PENDING_PER_SOURCE, null);
    }

    public LimitsConfig(int maxClientConnections, Duration startupTimeout, int maxStartupPacket,
                        Duration shutdownGrace) {
        this(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, null, null);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(10_000, Duration.ofSeconds(15), 10_000, Duration.ofSeconds(10));
    }

    public LimitsConfig withMaxClientConnections(int n) {
        return new LimitsConfig(n, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle, loginMemory,
                maxPendingPerSource, keepalive, loginQueue, drainDelay);
    }

    public LimitsConfig withStartupTimeout(Duration d) {
        return new LimitsConfig(maxClientConnections, d, maxStartupPacket, shutdownGrace, loginThrottle, loginMemory,
                maxPendingPerSource, keepalive, loginQueue, drainDelay);
    }

    public LimitsConfig withLoginThrottle(LoginThrottleConfig t) {
        return new LimitsConfig(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, t, loginMemory,
                maxPendingPerSource, keepalive, loginQueue, drainDelay);
    }

    public LimitsConfig withLoginMemory(LoginMemoryConfig m) {
        return new LimitsConfig(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle, m,
                maxPendingPerSource, keepalive, loginQueue, drainDelay);
    }

    public LimitsConfig withMaxPendingPerSource(int n) {
        return new LimitsConfig(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle,
                loginMemory, n, keepalive, loginQueue, drainDelay);
    }

    public LimitsConfig withKeepalive(KeepaliveConfig k) {
        return new LimitsConfig(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle,
                loginMemory, maxPendingPerSource, k, loginQueue, drainDelay);
    }

    public LimitsConfig withLoginQueue(LoginQueueConfig q) {
        return new LimitsConfig(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle,
                loginMemory, maxPendingPerSource, keepalive, q, drainDelay);
    }

    public LimitsConfig withDrainDelay(Duration d) {
        return new LimitsConfig(maxClientConnections, startupTimeout, maxStartupPacket, shutdownGrace, loginThrottle,
                loginMemory, maxPendingPerSource, keepalive, loginQueue, d);
    }

    public LimitsConfig withShutdownGrace(Duration d) {
        return new LimitsConfig(maxClientConnections, startupTimeout, maxStartupPacket, d, loginThrottle,
                loginMemory, maxPendingPerSource, keepalive, loginQueue, drainDelay);
    }
}
