package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.rolegate.engine.config.UpstreamConfig;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server connections of directory users kept after they disconnect, for their next login ({@code upstream.keepIdle}):
 * a login that finds one skips the new PostgreSQL backend (its fork, authentication and start-up), which is most of
 * a connect's time. PgBouncer's session pooling, restricted to what a directory login can safely share.
 *
 * <ul>
 *   <li>Only a connection whose client said Terminate while idle (ReadyForQuery 'I', nothing in flight) is kept;
 *       it is reset with {@code DISCARD ALL} (settings, prepared statements, temporary tables, LISTEN, advisory
 *       locks, cursors) and kept only if that succeeds.</li>
 *   <li>It is handed only to a login of the same managed role with the same start-up parameters (database,
 *       client options, the groups' session settings), which the directory granted just now. The role's
 *       memberships are whatever they are at that moment: PostgreSQL checks them at each privilege check.</li>
 *   <li>Revocation closes the role's kept connections ({@link #evict}); so does anything unexpected from the server
 *       while one waits, and {@code keepIdle} after it was kept.</li>
 *   <li>Both channels of a session live on one event loop, so connections are kept per loop and only that loop
 *       touches its own; other threads ask through {@link EventLoop#execute}.</li>
 * </ul>
 */
public final class KeptConnections {
    /** Nothing is kept: passthrough, or {@code upstream.keepIdle} zero. */
    public static final KeptConnections NONE = new KeptConnections(Duration.ZERO, 1);
    private static final long RESET_TIMEOUT_MILLIS = 5_000;

    private final Duration keepIdle;
    private final int maxPerKey;
    private final ConcurrentHashMap<EventLoop, Map<String, ArrayDeque<Kept>>> byLoop = new ConcurrentHashMap<>();
    private final AtomicInteger idle = new AtomicInteger();
    private final LongAdder reused = new LongAdder();

    KeptConnections(Duration keepIdle, int maxPerKey) {
        this.keepIdle = keepIdle;
        this.maxPerKey = maxPerKey;
    }

    /** As configured; {@link #NONE} unless directory authentication keeps connections. */
    public static KeptConnections of(UpstreamConfig upstream, boolean directoryAuth) {
        return directoryAuth && upstream.keepsIdleConnections()
                ? new KeptConnections(upstream.keepIdle(), upstream.maxIdlePerUser()) : NONE;
    }

    boolean enabled() {
        return !keepIdle.isZero();
    }

    /** Connections waiting for their user's next login now. */
    public int idle() {
        return idle.get();
    }

    /** Logins that were given a kept connection instead of a new backend, since start. */
    public long reused() {
        return reused.sum();
    }

    /** What a kept connection must match: the managed role and every start-up parameter, in a fixed order. */
    static String key(String role, Map<String, String> parameters) {
        return role + "\0" + new TreeMap<>(parameters);
    }

    /** A connection waiting in the pool: the backend, its cancel key, and what the server reported at start-up. */
    static final class Kept {
        final Channel channel;
        final io.rolegate.engine.config.UpstreamHost host;
        final String key;
        final String role;
        final int pid;
        final byte[] cancelKey;
        final Map<String, String> parameters;
        private ScheduledFuture<?> expiry;

        Kept(Channel channel, io.rolegate.engine.config.UpstreamHost host, String key, String role, int pid,
             byte[] cancelKey, Map<String, String> parameters) {
            this.channel = channel;
            this.host = host;
            this.key = key;
            this.role = role;
            this.pid = pid;
            this.cancelKey = cancelKey.clone();
            this.parameters = new LinkedHashMap<>(parameters);
        }
    }

    /**
     * On the channel's event loop, with the relay already removed from its pipeline: resets the connection and,
     * when that works and there is room, keeps it; otherwise closes it.
     */
    void keep(Kept kept) {
        if (!enabled() || !kept.channel.isActive()) {
            kept.channel.close();
            return;
        }
        ConnectionReset.start(kept, this, RESET_TIMEOUT_MILLIS);
    }

    /** Called by {@link ConnectionReset} on the loop once DISCARD ALL succeeded. */
    void resetDone(Kept kept) {
        EventLoop loop = kept.channel.eventLoop();
        ArrayDeque<Kept> queue = byLoop.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(kept.key, k -> new ArrayDeque<>());
        if (queue.size() >= maxPerKey) {
            ConnectionReset.close(kept.channel);
            return;
        }
        queue.addLast(kept);
        idle.incrementAndGet();
        kept.expiry = loop.schedule(() -> {
            if (remove(kept)) {
                ConnectionReset.close(kept.channel);
            }
        }, keepIdle.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On {@code loop}: the newest kept connection for {@code key}, taken out of the pool, or null. */
    Kept take(EventLoop loop, String key) {
        Map<String, ArrayDeque<Kept>> pools = byLoop.get(loop);
        ArrayDeque<Kept> queue = pools == null ? null : pools.get(key);
        while (queue != null && !queue.isEmpty()) {
            Kept k = queue.pollLast();
            idle.decrementAndGet();
            k.expiry.cancel(false);
            if (k.channel.isActive()) {
                ConnectionReset.detach(k.channel);
                reused.increment();
                return k;
            }
        }
        return null;
    }

    /** On the loop: drops a kept connection that went away or expired; false when it was not in the pool. */
    boolean remove(Kept kept) {
        Map<String, ArrayDeque<Kept>> pools = byLoop.get(kept.channel.eventLoop());
        ArrayDeque<Kept> queue = pools == null ? null : pools.get(kept.key);
        if (queue != null && queue.remove(kept)) {
            idle.decrementAndGet();
            if (kept.expiry != null) {
                kept.expiry.cancel(false);
            }
            return true;
        }
        return false;
    }

    /** Any thread: closes every kept connection of {@code role} (its access was revoked or changed). */
    public void evict(String role) {
        closeWhere(k -> k.role.equals(role));
    }

    /** Any thread: closes every kept connection (the engine stops). */
    public void closeAll() {
        closeWhere(k -> true);
    }

    private void closeWhere(java.util.function.Predicate<Kept> which) {
        byLoop.forEach((loop, pools) -> loop.execute(() -> {
            List<Kept> closing = new ArrayList<>();
            pools.values().forEach(q -> q.stream().filter(which).forEach(closing::add));
            for (Kept k : closing) {
                if (remove(k)) {
                    ConnectionReset.close(k.channel);
                }
            }
        }));
    }
}
