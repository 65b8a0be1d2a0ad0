package io.rolegate.engine.config;

import java.time.Duration;

/**
 * {@code limits.keepalive}: TCP keepalive on both hops (client ↔ proxy and proxy ↔ server), so a peer that vanished
 * without a FIN or RST (a pulled cable, a rebooted laptop, a firewall that forgot the flow) is found and its session
 * ended instead of holding a connection slot and a backend forever. Applied with the native transport (Linux
 * epoll); with NIO only SO_KEEPALIVE is set and the kernel's timings apply.
 *
 * @param idle        quiet time before the first probe (TCP_KEEPIDLE)
 * @param interval    time between probes (TCP_KEEPINTVL)
 * @param count       unanswered probes before the connection is dropped (TCP_KEEPCNT)
 * @param userTimeout how long sent data may stay unacknowledged before the connection is dropped
 *                    (TCP_USER_TIMEOUT); zero leaves the kernel's retransmission limit (about 15 minutes). Linux
 *                    counts a peer that keeps its receive window shut (a client that stopped reading) the same
 *                    way, although it answers every probe: such a client is dropped after this long too (seen on
 *                    Linux 6.18, see SlowReaderTest). Hence off by default, like PostgreSQL's tcp_user_timeout
 */
public record KeepaliveConfig(Duration idle, Duration interval, int count, Duration userTimeout) {
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_COUNT = 6;
    /** Off: a client that pauses reading a result for minutes is a client, not a dead peer. */
    public static final Duration DEFAULT_USER_TIMEOUT = Duration.ZERO;

    public static KeepaliveConfig defaults() {
        return new KeepaliveConfig(DEFAULT_IDLE, DEFAULT_INTERVAL, DEFAULT_COUNT, DEFAULT_USER_TIMEOUT);
    }

    public KeepaliveConfig withUserTimeout(Duration d) {
        return new KeepaliveConfig(idle, interval, count, d);
    }

    /** The longest a dead peer that sends nothing can go unnoticed: idle + interval × count. */
    public Duration deadPeerFoundWithin() {
        return idle.plus(interval.multipliedBy(count));
    }
}
