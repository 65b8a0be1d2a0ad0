package io.rolegate.engine.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client connections still logging in — accepted, no ReadyForQuery yet — counted per source address, for
 * {@code limits.maxPendingPerSource}: thousands of connections from one address that never send a startup packet
 * take that address's slots, not everyone's. Also counts the connections refused before a session began, by reason,
 * for /metrics. Thread-safe: each accept and each end runs on its own connection's event loop.
 */
public final class PendingConnections {
    private static final Logger log = LoggerFactory.getLogger(PendingConnections.class);

    /** Why a client connection was refused or dropped before its session began (the /metrics label). */
    public enum Refusal {
        /** {@code limits.maxPendingPerSource}: its address already had that many connections logging in. */
        PENDING_PER_SOURCE,
        /** {@code limits.maxClientConnections}: the proxy already had that many connections. */
        MAX_CLIENT_CONNECTIONS,
        /** {@code limits.startupTimeout}: the login did not finish in time. */
        STARTUP_TIMEOUT,
        /**
         * {@code listen.proxyProtocol}: a trusted load balancer sent no PROXY header, a malformed one, or one without
         * a client address; or a client that is not a trusted load balancer sent one.
         */
        PROXY_HEADER;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One source address and its connections logging in now. */
    public record Source(String address, int pending) {
    }

    private final ConcurrentHashMap<InetAddress, Integer> bySource = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final ThrottledWarning floods = new ThrottledWarning(log);
    private final ThrottledWarning proxyHeaders = new ThrottledWarning(log);

    public PendingConnections() {
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    /** Counts a connection from {@code source} as logging in; false (and nothing counted) when it is over {@code limit}. */
    boolean tryAdd(InetAddress source, int limit) {
        boolean[] admitted = {true};
        bySource.compute(source, (k, n) -> {
            int now = n == null ? 0 : n;
            if (limit > 0 && now >= limit) {
                admitted[0] = false;
                return n;
            }
            return now + 1;
        });
        if (admitted[0]) {
            total.incrementAndGet();
        } else {
            refusedFromSource(source, limit);
        }
        return admitted[0];
    }

    /** The connection logged in, or went away: its slot is free. Called once per successful {@link #tryAdd}. */
    void remove(InetAddress source) {
        bySource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    void refused(Refusal reason) {
        refusals.get(reason).increment();
    }

    /** One log line per ten seconds at most, however fast a flood is refused: the log must not become the flood. */
    private void refusedFromSource(InetAddress source, int limit) {
        refused(Refusal.PENDING_PER_SOURCE);
        floods.warn("refusing client connections from {}: {} connections from that address are still logging in "
                + "(limits.maxPendingPerSource); {} refused since the last such line", source.getHostAddress(), limit);
    }

    /** A connection refused over its PROXY protocol header ({@code why} names the peer); logged as floods are. */
    void refusedProxyHeader(String why) {
        refused(Refusal.PROXY_HEADER);
        proxyHeaders.warn("refusing a client connection: {} ({} such since the last such line)", why);
    }

    /** Connections logging in now, all addresses. */
    public int total() {
        return total.get();
    }

    /** Connections logging in now from {@code source}. */
    public int from(InetAddress source) {
        return bySource.getOrDefault(source, 0);
    }

    /** The {@code n} addresses with the most connections logging in, most first. */
    public List<Source> top(int n) {
        return bySource.entrySet().stream()
                .sorted(Map.Entry.<InetAddress, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(n)
                .map(e -> new Source(e.getKey().getHostAddress(), e.getValue()))
                .toList();
    }

    /** Connections refused for {@code reason} since start. */
    public long refusals(Refusal reason) {
        return refusals.get(reason).sum();
    }
}
