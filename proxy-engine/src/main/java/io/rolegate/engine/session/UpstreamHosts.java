package io.rolegate.engine.session;

import io.rolegate.engine.config.TargetSessionAttrs;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamHost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The configured upstream servers and what each was last seen to be. A new session tries them in the configured
 * order, as libpq does, except that a host seen lately not to fit the session's target (a standby for
 * {@code read-write}) is tried after the others, and one that could not be reached lately after all of them: a dead
 * or black-holed primary then costs a session nothing until it is tried last. Shared by every event loop.
 */
public final class UpstreamHosts {
    /** How long what a host was seen to be steers the order; after that it is tried in its place again. */
    static final long REMEMBERED_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What a login saw: {@code inHotStandby} null when the server did not report it (before PostgreSQL 14). */
    record Seen(boolean reachable, Boolean inHotStandby, boolean defaultReadOnly, long atNanos) {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UpstreamHosts.class);

    private final List<UpstreamHost> hosts;
    private final TargetSessionAttrs target;
    private final UpstreamConnector connector;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<UpstreamHost, Seen> seen = new ConcurrentHashMap<>();

    UpstreamHosts(UpstreamConfig config, UpstreamConnector connector, LongSupplier nanoClock) {
        this.hosts = config.hosts();
        this.target = config.targetSessionAttrs();
        this.connector = connector;
        this.nanoClock = nanoClock;
    }

    UpstreamConnector connector() {
        return connector;
    }

    /** The hosts a new session tries, in order; for {@code prefer-standby} a second round for any server. */
    HostChoice choose() {
        List<UpstreamHost> second = target.hasSecondRound() ? ordered(TargetSessionAttrs.ANY) : List.of();
        return new HostChoice(target, ordered(target == TargetSessionAttrs.PREFER_STANDBY
                ? TargetSessionAttrs.STANDBY : target), second);
    }

    private List<UpstreamHost> ordered(TargetSessionAttrs wanted) {
        if (hosts.size() == 1) {
            return hosts;
        }
        long now = nanoClock.getAsLong();
        List<UpstreamHost> out = new ArrayList<>(hosts);
        out.sort(Comparator.comparingInt(h -> rank(seen.get(h), wanted, now))); // stable: configured order within
        return out;
    }

    private static int rank(Seen s, TargetSessionAttrs wanted, long now) {
        if (s == null || now - s.atNanos() > REMEMBERED_NANOS) {
            return 0;
        }
        if (!s.reachable()) {
            return 2;
        }
        return wanted.fits(s.inHotStandby(), s.defaultReadOnly(), false) ? 0 : 1;
    }

    void unreachable(UpstreamHost host) {
        note(host, new Seen(false, null, false, nanoClock.getAsLong()));
    }

    void loggedIn(UpstreamHost host, Boolean inHotStandby, boolean defaultReadOnly) {
        note(host, new Seen(true, inHotStandby, defaultReadOnly, nanoClock.getAsLong()));
    }

    /** What each host was last seen to be ("primary", "standby", "unreachable", "unknown"), for the metrics. */
    public java.util.Map<UpstreamHost, String> states() {
        java.util.Map<UpstreamHost, String> out = new java.util.LinkedHashMap<>();
        hosts.forEach(h -> out.put(h, describe(seen.get(h))));
        return out;
    }

    /** A host that changes what it is (a primary stops, a standby is promoted) is worth a line in the log. */
    private void note(UpstreamHost host, Seen now) {
        Seen before = seen.put(host, now);
        String was = describe(before);
        String is = describe(now);
        if (hosts.size() > 1 && !was.equals(is)) {
            if (before == null) {
                log.info("upstream server {} is {}", host, is); // first sighting: news, not a change
            } else {
                log.warn("upstream server {} is now {} (was {})", host, is, was);
            }
        }
    }

    private static String describe(Seen s) {
        if (s == null || (s.reachable() && s.inHotStandby() == null)) {
            return "unknown";
        }
        if (!s.reachable()) {
            return "unreachable";
        }
        return s.inHotStandby() ? "standby" : "primary";
    }
}
