package io.rolegate.engine.config;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code fleet: {node: NAME, countersEvery: 15s}}: this engine's name among the engines ("nodes") that share one
 * PostgreSQL store. Every audit record and finished session carries it, each node extends an audit chain of its own,
 * and two live engines can never hold the same name on one store. Absent: the host name ({@link #resolvedNode}).
 *
 * @param node          the configured name, or null to use the host name
 * @param countersEvery how often a node publishes its live sessions' byte and message counts to the store (their
 *                      state goes out within a second; decision 0035)
 */
public record FleetConfig(String node, Duration countersEvery) {
    public static final Duration DEFAULT_COUNTERS_EVERY = Duration.ofSeconds(15);
    public static final Duration MIN_COUNTERS_EVERY = Duration.ofSeconds(1);
    public static final Duration MAX_COUNTERS_EVERY = Duration.ofMinutes(10);

    public FleetConfig(String node) {
        this(node, DEFAULT_COUNTERS_EVERY);
    }

    /** Letters, digits, '-', '_' and '.', 1 to 63 of them: fits a host name, a metric label and a file name. */
    public static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    public static FleetConfig defaults() {
        return new FleetConfig(null, DEFAULT_COUNTERS_EVERY);
    }

    /**
     * The node name this engine runs as: {@code fleet.node}, else the host name ({@code $HOSTNAME}, else what the
     * resolver says), with characters a node name may not hold replaced by '-'.
     */
    public String resolvedNode(Function<String, String> environment) {
        return node != null ? node : hostNode(environment);
    }

    /** The default node name: the host name, made a valid node name. */
    public static String hostNode(Function<String, String> environment) {
        String host = environment.apply("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        String cleaned = host.strip().replaceAll("[^A-Za-z0-9._-]", "-");
        if (cleaned.isEmpty()) {
            return "localhost";
        }
        return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }
}
