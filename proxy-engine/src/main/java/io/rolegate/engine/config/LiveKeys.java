package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectorySettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which settings a running engine takes at once and which wait for a restart (decision "settings apply live"). Live:
 * everything about who gets in — {@code mappings}, {@code policies} (sources, time windows, user filter, per-group
 * rules and session settings, query capture), {@code console} groups — the directory watcher's {@code watch},
 * {@code pollInterval} and {@code reconcileInterval}, and the plain limits read per connection
 * ({@code maxClientConnections}, {@code startupTimeout}, {@code maxStartupPacket}, {@code maxPendingPerSource}).
 * Everything else was built into a socket, a pool or a table at start (listener, TLS, upstream hosts and admin role,
 * the directory connection, the store, the admin endpoint, the login throttle's table, keepalive, the login queue)
 * and waits.
 *
 * <p>Keys are the configuration file's paths ({@code limits.startupTimeout}); a list counts as one key. Both lists
 * come from comparing what the configurations write as YAML, so they name exactly what differs.
 */
public final class LiveKeys {
    private LiveKeys() {
    }

    /**
     * What taking {@code next} on an engine running {@code running} means.
     *
     * @param live    keys that change now
     * @param restart keys that differ but wait for the next start
     * @param inForce the configuration the engine runs afterwards: {@code running} with the live keys of {@code next}
     */
    public record Split(List<String> live, List<String> restart, RolegateConfig inForce) {
        public Split {
            live = List.copyOf(live);
            restart = List.copyOf(restart);
        }

        /** Whether a live key at or under {@code path} changes. */
        public boolean changes(String path) {
            return live.stream().anyMatch(k -> k.equals(path) || k.startsWith(path + "."));
        }
    }

    public static Split split(RolegateConfig running, RolegateConfig next) {
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(next, "next");
        RolegateConfig inForce = inForce(running, next);
        Map<String, Object> was = flat(running);
        Map<String, Object> now = flat(inForce);
        return new Split(changed(was, now), changed(now, flat(next)), inForce);
    }

    /** The key paths whose values differ between {@code a} and {@code b}, sorted. */
    public static List<String> changed(RolegateConfig a, RolegateConfig b) {
        return changed(flat(a), flat(b));
    }

    private static List<String> changed(Map<String, Object> a, Map<String, Object> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    private static RolegateConfig inForce(RolegateConfig running, RolegateConfig next) {
        LimitsConfig r = running.limits();
        LimitsConfig n = next.limits();
        LimitsConfig limits = new LimitsConfig(n.maxClientConnections(), n.startupTimeout(), n.maxStartupPacket(),
                r.shutdownGrace(), r.loginThrottle(), r.loginMemory(), n.maxPendingPerSource(), r.keepalive(),
                r.loginQueue(), r.drainDelay());
        return running.withAccess(next.access()).withConsole(next.console()).withLimits(limits)
                .withDirectory(watcher(running.directory(), next.directory()));
    }

    /** The running directory with the watcher settings of {@code next}; a directory added or removed waits. */
    private static DirectorySettings watcher(DirectorySettings running, DirectorySettings next) {
        if (running == null || next == null) {
            return running;
        }
        return running.toBuilder().watch(next.watch()).pollInterval(next.pollInterval())
                .reconcileInterval(next.reconcileInterval()).build();
    }

    /** The configuration as key path → value, as its YAML says it; lists stay whole. */
    static Map<String, Object> flat(RolegateConfig c) {
        Object tree = new Load(LoadSettings.builder().build()).loadFromString(ConfigWriter.toYaml(c));
        Map<String, Object> out = new TreeMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (node != null) {
            out.put(prefix, node);
        }
    }
}
