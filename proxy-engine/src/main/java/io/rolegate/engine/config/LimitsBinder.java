package io.rolegate.engine.config;

import java.time.Duration;

/** {@code limits:} what a client may cost the engine. */
final class LimitsBinder implements SectionBinder<LimitsConfig> {
    // PostgreSQL's own limit is 10,000 bytes; below 1 KiB ordinary clients (JDBC sends a dozen parameters)
    // would be refused, above 1 MiB the limit stops protecting anything
    private static final int MIN_STARTUP_PACKET = 1024;
    private static final int MAX_STARTUP_PACKET = 1 << 20;

    @Override
    public String key() {
        return "limits";
    }

    @Override
    public LimitsConfig bind(SectionReader s) {
        LimitsConfig d = LimitsConfig.defaults();
        int maxClients = s.integer("maxClientConnections", d.maxClientConnections(), 1, 1_000_000);
        Duration startupTimeout = s.duration("startupTimeout", d.startupTimeout(),
                Duration.ofMillis(100), Duration.ofHours(1));
        int maxStartupPacket = s.integer("maxStartupPacket", d.maxStartupPacket(),
                MIN_STARTUP_PACKET, MAX_STARTUP_PACKET);
        Duration shutdownGrace = s.duration("shutdownGrace", d.shutdownGrace(), Duration.ZERO, Duration.ofHours(1));
        int maxPendingPerSource = s.integer("maxPendingPerSource", d.maxPendingPerSource(), 0, 1_000_000);
        Duration drainDelay = s.duration("drainDelay", d.drainDelay(), Duration.ZERO, Duration.ofMinutes(10));
        return new LimitsConfig(maxClients, startupTimeout, maxStartupPacket, shutdownGrace,
                loginThrottle(s.section("loginThrottle")), loginMemory(s.section("loginMemory")), maxPendingPerSource,
                keepalive(s.section("keepalive")), loginQueue(s.section("loginQueue")), drainDelay);
    }

    /** Linux takes whole seconds, at most 32767 for idle and interval, 127 probes. */
    private static KeepaliveConfig keepalive(SectionReader k) {
        KeepaliveConfig d = KeepaliveConfig.defaults();
        Duration idle = k.duration("idle", d.idle(), Duration.ofSeconds(1), Duration.ofSeconds(32_767));
        Duration interval = k.duration("interval", d.interval(), Duration.ofSeconds(1), Duration.ofSeconds(32_767));
        int count = k.integer("count", d.count(), 1, 127);
        Duration userTimeout = k.duration("userTimeout", d.userTimeout(), Duration.ZERO, Duration.ofHours(1));
        return new KeepaliveConfig(idle, interval, count, userTimeout);
    }

    /** Zero turns a limit off; a window under a second would make the throttle a no-op. */
    private static LoginThrottleConfig loginThrottle(SectionReader t) {
        LoginThrottleConfig d = LoginThrottleConfig.defaults();
        int perUser = t.integer("perUser", d.perUser(), 0, 1_000);
        int perSource = t.integer("perSource", d.perSource(), 0, 100_000);
        Duration window = t.duration("window", d.window(), Duration.ofSeconds(1), Duration.ofDays(1));
        int maxTracked = t.integer("maxTracked", d.maxTracked(), 100, 10_000_000);
        return new LoginThrottleConfig(perUser, perSource, window, maxTracked);
    }

    private static LoginMemoryConfig loginMemory(SectionReader m) {
        LoginMemoryConfig d = LoginMemoryConfig.defaults();
        int maxEntries = m.integer("maxEntries", d.maxEntries(), 1, 10_000_000);
        int maxBytes = m.integer("maxBytes", (int) d.maxBytes(), 64 * 1024, Integer.MAX_VALUE);
        return new LoginMemoryConfig(maxEntries, maxBytes);
    }

    private static LoginQueueConfig loginQueue(SectionReader q) {
        LoginQueueConfig d = LoginQueueConfig.defaults();
        int workers = q.integer("workers", d.workers(), 1, 1_000);
        int adminConnections = q.integer("adminConnections", d.adminConnections(), 1, 100);
        int maxWaiting = q.integer("maxWaiting", d.maxWaiting(), 1, 1_000_000);
        Duration maxWait = q.duration("maxWait", d.maxWait(), Duration.ofMillis(100), Duration.ofHours(1));
        return new LoginQueueConfig(workers, adminConnections, maxWaiting, maxWait);
    }
}
